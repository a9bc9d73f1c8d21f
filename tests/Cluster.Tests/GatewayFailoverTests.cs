using EventStreams.Cluster.Tests.Infrastructure;

namespace EventStreams.Cluster.Tests;

/// <summary>A gateway dies (kill -9); its clients reconnect to the other one, EventSource-style.</summary>
[Collection(ClusterCollection.Name)]
public sealed class GatewayFailoverTests(ClusterFixture cluster)
{
    private const int ClientCount = 200;
    private static readonly (string, int)[] Topics = [(ClusterFixture.TopicA, ClusterFixture.PartitionsPerTopic), (ClusterFixture.TopicB, ClusterFixture.PartitionsPerTopic)];

    [Fact]
    public async Task KillGateway_ItsClientsResumeOnTheOtherWithLastEventId_NothingLostNothingTwice()
    {
        await cluster.EnsureWholeAsync();
        var partitions = Clients.PartitionsOf(Topics);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var clients = Clients.Spread(cluster, ClientCount, "/v2/stream/sys", reconnect: true);
        var runs = clients.Select(c => c.RunAsync(cts.Token)).ToArray();
        await using var producer = new ContinuousProducer(cluster.Broker.BootstrapServers, Topics, eventsPerSecond: 50);
        producer.Start();
        await Clients.WaitUntilAllSeeAsync(clients, partitions, TimeSpan.FromSeconds(60), cluster.Logs);

        cluster.KillGateway(0);
        var moved = clients.Where((_, i) => i % 2 == 0).ToArray();
        await Task.Delay(TimeSpan.FromSeconds(3));
        var lastProduced = await producer.StopAsync();
        await Clients.WaitUntilCompleteAsync(clients, lastProduced, TimeSpan.FromSeconds(60), cluster.Logs);
        await cts.CancelAsync();
        await Task.WhenAll(runs);

        Assert.Empty(clients.SelectMany(c => c.Violations));
        Assert.All(moved, c => Assert.True(c.Connections >= 2, $"{c.ClientIp} should have reconnected"));
        Assert.All(clients.Except(moved), c => Assert.Equal(1, c.Connections));
    }
}
