using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Conformance;

/// <summary>Runs the broker conformance checks against an in-process <see cref="KafkaDevBroker"/>.</summary>
public sealed class DevBrokerConformanceTests(DevBrokerFixture fixture) : BrokerConformanceTests, IClassFixture<DevBrokerFixture>
{
    protected override string BootstrapServers => fixture.BootstrapServers;

    protected override Task CreateTopicAsync(string name, int partitions)
    {
        fixture.Broker.CreateTopic(name, partitions);
        return Task.CompletedTask;
    }
}
