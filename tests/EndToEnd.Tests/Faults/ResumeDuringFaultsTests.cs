using Xunit.Abstractions;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// Faults while the server ends every connection after a second: each client resumes with its
/// Last-Event-ID several times during the fault, so start resolution and history reads (their own
/// Kafka consumers) meet the broker's trouble as well as the live consumer does.
/// </summary>
[Collection(BrokerFaultCollection.Name)]
public sealed class ResumeDuringFaultsTests(ShortConnectionsBrokerFaultsFixture host, ITestOutputHelper output) : IClassFixture<ShortConnectionsBrokerFaultsFixture>
{
    private static readonly TimeSpan Healthy = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Fault = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan AfterRecovery = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Rtt = TimeSpan.FromMilliseconds(400);

    // Broker 3 leads nothing at first.
    private const int SpareBroker = 3;

    // Connections last a second, and the run lasts several.
    private const int MinimumReconnects = 3;

    [Fact]
    public async Task Resume_LeaderBrokerDownWhileClientsReconnect_EveryEventOnceInOrder()
    {
        var leader = BrokerFaultsFixture.InitialLeader(0);
        await RunAsync(
            () => host.Cluster.SetBrokerDown(leader),
            () => host.Cluster.SetBrokerUp(leader));
    }

    [Fact]
    public async Task Resume_LeadersMoveWhileClientsReconnect_EveryEventOnceInOrder()
    {
        await RunAsync(
            () =>
            {
                host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 0, SpareBroker);
                host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 1, SpareBroker);
            },
            () =>
            {
                host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 0, BrokerFaultsFixture.InitialLeader(0));
                host.Cluster.SetPartitionLeader(BrokerFaultsFixture.Topic, 1, BrokerFaultsFixture.InitialLeader(1));
            });
    }

    [Fact]
    public async Task Resume_LeaderRespondsLateWhileClientsReconnect_EveryEventOnceInOrder()
    {
        var leader = BrokerFaultsFixture.InitialLeader(0);
        await RunAsync(
            () => host.Cluster.SetBrokerRtt(leader, Rtt),
            () => host.Cluster.SetBrokerRtt(leader, TimeSpan.Zero));
    }

    private async Task RunAsync(Action inject, Action heal)
    {
        await using var run = await FaultRun.StartAsync(host, output);
        await Task.Delay(Healthy);
        inject();
        try
        {
            await Task.Delay(Fault);
        }
        finally
        {
            heal();
        }
        await Task.Delay(AfterRecovery);
        await run.FinishAsync();

        Assert.All(run.Clients, c => Assert.True(c.Reconnects >= MinimumReconnects, $"{c.Name} resumed only {c.Reconnects} times: {run.Describe()}"));
    }
}
