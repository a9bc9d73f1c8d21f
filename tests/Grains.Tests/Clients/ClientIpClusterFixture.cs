using Orleans.TestingHost;

namespace EventStreams.Grains.Tests.Clients;

/// <summary>A one-silo Orleans TestCluster for the client-IP grains; they need no Kafka.</summary>
public sealed class ClientIpClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        Cluster = new TestClusterBuilder(1).Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
