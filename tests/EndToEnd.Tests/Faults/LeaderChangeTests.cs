using Xunit.Abstractions;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>Partition leadership moves between brokers while clients read (the log stays: every broker has a replica).</summary>
[Collection(BrokerFaultCollection.Name)]
public sealed class LeaderChangeTests(BrokerFaultsFixture host, ITestOutputHelper output) : IClassFixture<BrokerFaultsFixture>
{
    private static readonly TimeSpan Between = TimeSpan.FromSeconds(2);

    // Broker 3 leads nothing at first.
    private const int SpareBroker = 3;

    [Fact]
    public async Task Stream_PartitionLeadersMove_EveryEventOnceInOrder()
    {
        await using var run = await FaultRun.StartAsync(host, output);
        await Task.Delay(Between);

        // Partition 0 to the spare broker; then partition 1 there too; then partition 0 back to where partition 1 was.
        host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 0, SpareBroker);
        await Task.Delay(Between);
        host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 1, SpareBroker);
        await Task.Delay(Between);
        host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 0, BrokerFaultsFixture.InitialLeader(1));
        await Task.Delay(Between);
        await run.FinishAsync();
    }

    [Fact]
    public async Task Stream_LeaderMovesThenOldLeaderDies_EveryEventOnceInOrder()
    {
        var oldLeader = BrokerFaultsFixture.InitialLeader(0);
        await using var run = await FaultRun.StartAsync(host, output);
        await Task.Delay(Between);

        // A controlled shutdown: leadership leaves the broker, then the broker goes away for good.
        host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 0, SpareBroker);
        host.Cluster.SetBrokerDown(oldLeader);
        try
        {
            await Task.Delay(Between * 2);
            await run.FinishAsync();
        }
        finally
        {
            host.Cluster.SetBrokerUp(oldLeader);
            host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 0, oldLeader);
        }
    }
}
