using System.Text.Json.Nodes;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests;

/// <summary>A host that closes every connection after a short time, so clients must reconnect.</summary>
public sealed class ShortConnectionsFixture : DevBrokerHostFixture
{
    public const string Topic = "reconnect.events";

    protected override IEnumerable<(string Topic, int Partitions)> Topics => [(Topic, 2)];

    protected override string StreamConfig => $"""
        reconnect:
          topics: [{Topic}]
        """;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Gateway:MaxConnectionDuration", "00:00:00.700")];
}

public sealed class ReconnectTests(ShortConnectionsFixture host) : IClassFixture<ShortConnectionsFixture>
{
    [Fact]
    public async Task EventSourceClient_ServerClosesRepeatedly_EveryEventExactlyOnce()
    {
        const int bursts = 40, perBurst = 10;
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        // Start from the beginning, so nothing depends on when the first connection is ready.
        const string t = ShortConnectionsFixture.Topic;
        var client = new ReconnectingSseClient(host.Http, "/v2/stream/reconnect",
            $$"""[{"topic":"{{t}}","partition":0,"offset":0},{"topic":"{{t}}","partition":1,"offset":0}]""");
        var reading = client.ReadAsync(bursts * perBurst, cts.Token);

        // Bursts of events that share a millisecond, spread over both partitions and several connection lifetimes.
        for (var b = 0; b < bursts; b++)
        {
            var stamp = DateTimeOffset.UtcNow;
            for (var i = 0; i < perBurst; i++)
            {
                await host.Kafka.ProduceAsync(ShortConnectionsFixture.Topic, i % 2, $$"""{"seq":{{b * perBurst + i}}}""", timestamp: stamp);
            }
            await Task.Delay(75, cts.Token);
        }
        var events = await reading;

        Assert.Equal(Enumerable.Range(0, bursts * perBurst), events.Select(e => (int)JsonNode.Parse(e.Data)!["seq"]!).Order());
        Assert.True(client.Connections >= 3, $"expected the server to close the stream several times, saw {client.Connections} connections");
    }
}
