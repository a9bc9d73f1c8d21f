using Xunit.Abstractions;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>The broker that leads partition 0 goes down for seconds (no failover: it comes back as leader).</summary>
[Collection(BrokerFaultCollection.Name)]
public sealed class BrokerDownTests(BrokerFaultsFixture host, ITestOutputHelper output) : IClassFixture<BrokerFaultsFixture>
{
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Down = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan AfterRecovery = TimeSpan.FromSeconds(3);

    [Fact]
    public async Task Stream_LeaderBrokerDownThenUp_EveryEventOnceInOrder()
    {
        var leader = BrokerFaultsFixture.InitialLeader(0);
        await using var run = await FaultRun.StartAsync(host, output);
        await Task.Delay(Healthy);

        host.Cluster.SetBrokerDown(leader);
        try
        {
            await Task.Delay(Down);
        }
        finally
        {
            host.Cluster.SetBrokerUp(leader);
        }
        await Task.Delay(AfterRecovery);
        await run.FinishAsync();

        // The fault bit: nothing of partition 0 was acknowledged while its leader was down.
        Assert.True(run.Producer.LongestAcknowledgementGap(0) >= Down / 2, $"partition 0's producer never stalled: {run.Describe()}");
    }
}
