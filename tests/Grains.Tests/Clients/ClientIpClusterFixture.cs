using EventStreams.Hosting.Cluster;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EventStreams.Grains.Tests.Clients;

/// <summary>A one-silo Orleans TestCluster for the client-IP grains; they need no Kafka, only their slot storage.</summary>
public sealed class ClientIpClusterFixture : IAsyncLifetime
{
    public TestCluster Cluster { get; private set; } = null!;

    public IGrainFactory Grains => Cluster.Client;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder)
        {
            siloBuilder.AddMemoryGrainStorage(ClusterNames.ClientSlotsStorage);
            siloBuilder.Services.AddSingleton(TimeProvider.System);
        }
    }
}
