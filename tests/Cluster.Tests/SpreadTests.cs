using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.Grains.Interfaces.Topics;
using EventStreams.TestKit;

namespace EventStreams.Cluster.Tests;

/// <summary>TopicGrains spread over the silos, move to the survivor, and use a returning silo again.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SpreadTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private Task<int[]> HostsAsync(string topic) =>
        Task.WhenAll(Enumerable.Range(0, 8).Select(p => cluster.SiloOfAsync(cluster.Grains.GetGrain<ITopicGrain>(p, topic))));

    private async Task<int[]> WaitForHostsAsync(string topic, Func<int[], bool> until, string what) =>
        (await Eventually.GetAsync(async () =>
        {
            try
            {
                // Short: right after a kill the directory may still point at the dead silo.
                return new Hosts(await HostsAsync(topic).WaitAsync(TimeSpan.FromSeconds(2)));
            }
            catch (Exception e) when (e is InvalidOperationException or TimeoutException or OrleansException)
            {
                return new Hosts([]); // not activated yet, or not settled after the kill
            }
        }, hosts => hosts.Silos.Length == 8 && until(hosts.Silos), what, Deadline)).Silos;

    // Eventually prints the last value it saw.
    private sealed record Hosts(int[] Silos)
    {
        public override string ToString() => $"[{string.Join(",", Silos)}]";
    }

    [Fact]
    public async Task Subscribe_EightPartitions_BothSilosConsumeThenSurvivorThenReturningSiloAgain()
    {
        await cluster.EnsureWholeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var before = Clients.Spread(cluster, 1, "/v2/stream/spread.before", reconnect: false)[0];
        var reading = before.RunAsync(cts.Token);

        // The stream is open once its response started: every partition is subscribed by then.
        await Eventually.GetAsync(() => Task.FromResult(before.Connections), n => n == 1 || before.Ended, "the stream to open", Deadline);
        Assert.False(before.Ended, before.EndReason);
        var spread = await WaitForHostsAsync(ClusterFixture.SpreadBefore, _ => true, "the 8 TopicGrains to activate");
        Assert.Equal(4, spread.Count(h => h == 0));
        Assert.Equal(4, spread.Count(h => h == 1));

        cluster.KillSilo(1);
        await WaitForHostsAsync(ClusterFixture.SpreadBefore, hosts => hosts.All(h => h == 0), "every partition to move to the survivor");

        cluster.StartSilo(1);
        await cluster.Silo(1).WaitUntilReadyAsync(cluster.Http, Deadline);
        await cluster.WaitForActiveSilosAsync(2);
        var after = Clients.Spread(cluster, 1, "/v2/stream/spread.after", reconnect: false)[0];
        var readingAfter = after.RunAsync(cts.Token);
        await Eventually.GetAsync(() => Task.FromResult(after.Connections), n => n == 1 || after.Ended, "the second stream to open", Deadline);
        Assert.False(after.Ended, after.EndReason);
        var returning = await WaitForHostsAsync(ClusterFixture.SpreadAfter, _ => true, "the new stream's TopicGrains to activate");
        Assert.Equal(4, returning.Count(h => h == 1));

        await cts.CancelAsync();
        await Task.WhenAll(reading, readingAfter);
        Assert.False(before.Ended, before.EndReason);
    }
}
