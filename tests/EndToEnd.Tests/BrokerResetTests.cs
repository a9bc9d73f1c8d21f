using System.Text.Json.Nodes;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests;

/// <summary>The real host on the dev broker, which a test can restart empty (offsets start over).</summary>
public sealed class ResettableBrokerFixture : SiloHostFixture
{
    public const string Topic = "reset.events";

    public DevBrokerKafka Broker => (DevBrokerKafka)Kafka;

    protected override async Task<ITestKafka> StartKafkaAsync() => await DevBrokerKafka.StartAsync();

    protected override IEnumerable<(string Topic, int Partitions)> Topics => [(Topic, 1)];

    protected override string StreamConfig => $"""
        resettable:
          topics: [{Topic}]
        """;
}

/// <summary>The broker comes back with lower offsets (recreated topic, empty broker): nothing new is dropped.</summary>
public sealed class BrokerResetTests(ResettableBrokerFixture host) : IClassFixture<ResettableBrokerFixture>
{
    private const int Before = 300, After = 300;

    [Fact]
    public async Task Stream_OffsetsGoBackWhileConnected_EndsAndTheResumeGetsEveryNewEventOnce()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var client = new ReconnectingSseClient(host.Http, "/v2/stream/resettable");
        var reading = client.ReadAsync(Before + After, cts.Token);
        // Counted once the response headers are in: its partitions are subscribed by then.
        await Eventually.GetAsync(() => Task.FromResult(client.Connections), n => n > 0, "the stream to open");
        for (var seq = 0; seq < Before; seq++)
        {
            await host.Kafka.ProduceAsync(ResettableBrokerFixture.Topic, 0, $$"""{"seq":{{seq}}}""");
        }
        // The first 300 have arrived before the broker goes away.
        await Eventually.GetAsync(() => Task.FromResult(client.LastEventId), id => id is not null && id.Contains($"\"offset\":{Before}"), "the first events");

        await host.Broker.RestartEmptyAsync();
        for (var seq = Before; seq < Before + After; seq++)
        {
            await host.Kafka.ProduceAsync(ResettableBrokerFixture.Topic, 0, $$"""{"seq":{{seq}}}""");
        }
        var events = await reading;

        // The new log's offsets 0..299 are below what the feed had seen; all of them arrive, once.
        Assert.Equal(Enumerable.Range(0, Before + After), events.Select(e => (int)JsonNode.Parse(e.Data)!["seq"]!));
        Assert.True(client.Connections >= 2, "the stream ends when the offsets go back, and the client resumes");

        // A client that plays back from the start now gets the new log only, not old events from the feed's ring.
        await using var playback = await SseClient.ConnectAsync(host.Http, "/v2/stream/resettable?since=0");
        var first = await playback.ReadEventAsync(cts.Token);
        Assert.Equal(Before, (int)JsonNode.Parse(first!.Data)!["seq"]!);
    }
}
