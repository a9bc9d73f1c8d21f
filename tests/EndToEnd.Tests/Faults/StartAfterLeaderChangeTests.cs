using System.Net;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// A stream that starts at an offset right after partition leaders moved. Its start is resolved by
/// a partition reader, whose consumer still has the old leaders in its metadata: the watermark
/// query gets NOT_LEADER_OR_FOLLOWER, which librdkafka answers with a metadata refresh, so a
/// second try a moment later would succeed. A browser's EventSource does not retry a non-200
/// answer: it closes for good.
/// </summary>
[Collection(BrokerFaultCollection.Name)]
public sealed class StartAfterLeaderChangeTests(BrokerFaultsFixture host) : IClassFixture<BrokerFaultsFixture>
{
    // Several at once, so that every partition reader activation (a stateless worker, two per silo) has a consumer.
    private const int Clients = 4;

    // Broker 3 leads nothing at first.
    private const int SpareBroker = 3;

    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private static readonly string FromStart =
        $$"""[{"topic":"{{BrokerFaultsFixture.Topic}}","partition":0,"offset":0},{"topic":"{{BrokerFaultsFixture.Topic}}","partition":1,"offset":0}]""";

    [Fact]
    public async Task Resume_RightAfterLeadersMove_Answers200AndStreams()
    {
        using var cts = new CancellationTokenSource(Deadline);
        for (var p = 0; p < BrokerFaultsFixture.Partitions; p++)
        {
            await host.Kafka.ProduceAsync(BrokerFaultsFixture.Topic, p, $$"""{"seq":0,"p":{{p}}}""");
        }
        // The partition readers learn the current leaders.
        Assert.All(await ResumeAllAsync(cts.Token), status => Assert.Equal(HttpStatusCode.OK, status));

        for (var p = 0; p < BrokerFaultsFixture.Partitions; p++)
        {
            host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, p, SpareBroker);
        }

        Assert.All(await ResumeAllAsync(cts.Token), status => Assert.Equal(HttpStatusCode.OK, status));
    }

    /// <summary>Resumes <see cref="Clients"/> streams at once from offset 0; each that answers 200 must deliver its first event.</summary>
    private async Task<HttpStatusCode[]> ResumeAllAsync(CancellationToken cancellationToken) =>
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/{BrokerFaultsFixture.Stream}", FromStart);
            if (client.Response.StatusCode == HttpStatusCode.OK)
            {
                Assert.NotNull(await client.ReadEventAsync(cancellationToken));
            }
            return client.Response.StatusCode;
        }));
}
