namespace EventStreams.DevBroker.Tests.Infrastructure;

/// <summary>One in-process dev broker on a random port, shared by the tests of a class.</summary>
public sealed class DevBrokerFixture : IAsyncLifetime
{
    public KafkaDevBroker Broker { get; private set; } = null!;

    public string BootstrapServers => Broker.BootstrapServers;

    public async Task InitializeAsync() =>
        Broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0, AutoCreateTopics = false });

    public async Task DisposeAsync() => await Broker.DisposeAsync();
}
