using EventStreams.TestKit;

namespace EventStreams.DevBroker.Tests.Conformance;

/// <summary>
/// The same client-visible checks against librdkafka's mock cluster, an independent
/// implementation of the protocol: where both pass, the dev broker behaves like a real one.
/// </summary>
public sealed class MockClusterConformanceTests(MockKafkaFixture fixture) : BrokerConformanceTests, IClassFixture<MockKafkaFixture>
{
    protected override string BootstrapServers => fixture.BootstrapServers;

    protected override Task CreateTopicAsync(string name, int partitions)
    {
        fixture.CreateTopicNamed(name, partitions);
        return Task.CompletedTask;
    }
}
