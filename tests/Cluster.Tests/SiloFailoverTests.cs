using System.Diagnostics;
using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.Grains.Interfaces.Topics;
using Xunit.Abstractions;

namespace EventStreams.Cluster.Tests;

/// <summary>A silo dies (kill -9) under 200 live connections spread over both gateways.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SiloFailoverTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int ClientCount = 200;
    private const int EventsPerSecond = 50;
    private static readonly (string, int)[] Topics = [(ClusterFixture.TopicA, ClusterFixture.PartitionsPerTopic), (ClusterFixture.TopicB, ClusterFixture.PartitionsPerTopic)];

    [Fact]
    public async Task KillSilo_HostingMostTopicGrains_OpenConnectionsGetEveryEventOnceInOrderWithoutReconnecting()
    {
        await cluster.EnsureWholeAsync();
        var partitions = Clients.PartitionsOf(Topics);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var clients = Clients.Spread(cluster, ClientCount, "/v2/stream/sys", reconnect: false);
        var runs = clients.Select(c => c.RunAsync(cts.Token)).ToArray();
        await using var producer = new ContinuousProducer(cluster.Broker.BootstrapServers, Topics, EventsPerSecond);
        producer.Start();
        await Clients.WaitUntilAllSeeAsync(clients, partitions, TimeSpan.FromSeconds(60), cluster.Logs);

        // The silo with the most of the stream's TopicGrains.
        var hosts = await Task.WhenAll(partitions.Select(p => cluster.SiloOfAsync(cluster.Grains.GetGrain<ITopicGrain>(p.Partition, p.Topic))));
        var victim = hosts.GroupBy(h => h).OrderByDescending(g => g.Count()).First().Key;
        var moved = partitions.Where((_, i) => hosts[i] == victim).ToArray();
        Assert.NotEmpty(moved);
        var lastBeforeKill = moved.ToDictionary(p => p, p => clients.Max(c => c.LastOffset(p.Topic, p.Partition)));
        var clock = Stopwatch.StartNew();
        cluster.KillSilo(victim);

        // Failover: the moved partitions deliver again, on the survivor.
        while (!moved.All(p => clients.Any(c => c.LastOffset(p.Topic, p.Partition) > lastBeforeKill[p])))
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(60), $"No event after the failover within 60 s.\n{cluster.Logs()}");
            await Task.Delay(20);
        }
        var failover = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(3));
        var lastProduced = await producer.StopAsync();
        await Clients.WaitUntilCompleteAsync(clients, lastProduced, TimeSpan.FromSeconds(60), cluster.Logs);
        await cts.CancelAsync();
        await Task.WhenAll(runs);

        output.WriteLine($"kill -9 of silo {victim} ({moved.Length} of {partitions.Count} partitions): first event after failover {failover.TotalSeconds:0.0} s; {producer.Produced} events produced, {clients.Sum(c => c.Received)} delivered to {ClientCount} clients");
        Assert.Empty(clients.SelectMany(c => c.Violations));
        Assert.All(clients, c => Assert.False(c.Ended, $"{c.ClientIp}'s stream ended: {c.EndReason}"));
        Assert.All(clients, c => Assert.Equal(1, c.Connections));
        // Every moved partition now lives on the survivor.
        var after = await Task.WhenAll(moved.Select(p => cluster.SiloOfAsync(cluster.Grains.GetGrain<ITopicGrain>(p.Partition, p.Topic))));
        Assert.All(after, silo => Assert.Equal(1 - victim, silo));
    }
}
