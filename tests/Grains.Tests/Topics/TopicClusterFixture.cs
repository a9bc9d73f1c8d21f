using EventStreams.TestKit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.TestingHost;

namespace EventStreams.Grains.Tests.Topics;

/// <summary>A one-silo Orleans TestCluster whose grains consume from a librdkafka mock cluster.</summary>
public sealed class TopicClusterFixture : IAsyncLifetime
{
    public MockKafkaFixture Kafka { get; } = new();

    public TestCluster Cluster { get; private set; } = null!;

    public IServiceProvider SiloServices => ((InProcessSiloHandle)Cluster.Primary!).SiloHost.Services;

    public async Task InitializeAsync()
    {
        var builder = new TestClusterBuilder(1);
        builder.Properties["Kafka:BootstrapServers"] = Kafka.BootstrapServers;
        foreach (var (key, value) in MockKafkaFixture.MockConsumerSettings)
        {
            builder.Properties[$"Kafka:Conf:{key}"] = value;
        }
        builder.Properties["TopicGrain:HousekeepingInterval"] = "00:00:00.200";
        builder.Properties["TopicGrain:IdleGracePeriod"] = "00:00:01";
        // Consumers sample their high watermark this often, so status tests need not wait 10 s.
        builder.Properties["TopicGrain:MetricsInterval"] = "00:00:00.200";
        builder.Properties["TopicGrain:DeliveryTimeout"] = "00:00:00.500";
        builder.AddSiloBuilderConfigurator<SiloConfigurator>();
        Cluster = builder.Build();
        await Cluster.DeployAsync();
    }

    public async Task DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        Kafka.Dispose();
    }

    private sealed class SiloConfigurator : ISiloConfigurator
    {
        public void Configure(ISiloBuilder siloBuilder) =>
            siloBuilder.Services.AddEventStreamsGrains(siloBuilder.Configuration);
    }
}
