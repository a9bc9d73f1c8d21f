using EventStreams.Grains.Kafka;
using EventStreams.TestKit;
using Microsoft.Extensions.DependencyInjection;

namespace EventStreams.EndToEnd.Tests;

/// <summary>The point of the design: Kafka consumers scale with partitions, not with clients.</summary>
public sealed class ConsumerCountTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Stream_OneClientThenFiftyOneClients_OneKafkaConsumerPerPartition()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var tracker = host.Services.GetRequiredService<KafkaConsumerTracker>();
        var clients = new List<SseClient>();
        try
        {
            clients.Add(await SseClient.ConnectAsync(host.Http, "/v2/stream/test.stream"));
            await clients[0].WaitForPreambleAsync(cts.Token);
            var withOne = ConsumerCounts(tracker);

            var more = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => SseClient.ConnectAsync(host.Http, "/v2/stream/test.stream")));
            clients.AddRange(more);
            await Task.WhenAll(more.Select(c => c.WaitForPreambleAsync(cts.Token)));
            var withFiftyOne = ConsumerCounts(tracker);

            await host.Kafka.ProduceAsync(SiloHostFixture.Alpha, 1, """{"to":"everyone"}""");
            var events = await Task.WhenAll(clients.Select(c => c.ReadEventAsync(cts.Token)));

            Assert.Equal([1, 1, 1, 3], withOne);
            Assert.Equal([1, 1, 1, 3], withFiftyOne);
            Assert.All(events, e => Assert.Contains("\"to\":\"everyone\"", e!.Data));
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }
        }
    }

    private static int[] ConsumerCounts(KafkaConsumerTracker tracker) =>
    [
        tracker.OpenFor(SiloHostFixture.Alpha, 0),
        tracker.OpenFor(SiloHostFixture.Alpha, 1),
        tracker.OpenFor(SiloHostFixture.Beta, 0),
        tracker.Total(),
    ];
}
