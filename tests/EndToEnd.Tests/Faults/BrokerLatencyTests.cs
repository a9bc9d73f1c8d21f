using Xunit.Abstractions;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>The leader of partition 0 answers every request late for seconds.</summary>
[Collection(BrokerFaultCollection.Name)]
public sealed class BrokerLatencyTests(BrokerFaultsFixture host, ITestOutputHelper output) : IClassFixture<BrokerFaultsFixture>
{
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Slow = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan AfterRecovery = TimeSpan.FromSeconds(2);

    // A slow cross-data-centre link: far above the 10 ms fetch wait, far below any request timeout.
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(400);

    [Fact]
    public async Task Stream_LeaderRespondsLate_EveryEventOnceInOrder()
    {
        var leader = BrokerFaultsFixture.InitialLeader(0);
        await using var run = await FaultRun.StartAsync(host, output);
        await Task.Delay(Healthy);

        host.Cluster.SetBrokerRtt(leader, Rtt);
        try
        {
            await Task.Delay(Slow);
        }
        finally
        {
            host.Cluster.SetBrokerRtt(leader, TimeSpan.Zero);
        }
        await Task.Delay(AfterRecovery);
        await run.FinishAsync();

        // The fault bit: one fetch at a time per partition, each answered at least an rtt later.
        Assert.All(run.Clients, c => Assert.True(c.LongestSilence(0) >= Rtt / 2, $"{c.Name} never waited for partition 0: {run.Describe()}"));
    }
}
