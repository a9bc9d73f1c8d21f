using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>A fetch parked on an empty partition must be woken by the next produce.</summary>
public sealed class LongPollTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    /// <summary>
    /// Longer than the test's own patience: if the broker only answered when the wait ran out,
    /// the message could not arrive in time, so the content assertion alone proves the wake-up.
    /// </summary>
    private const int FetchWaitMaxMs = 120_000;

    [Fact]
    public async Task Fetch_WaitingOnEmptyPartition_ReturnsMessageProducedWhileWaiting()
    {
        var topic = KafkaClients.UniqueTopic("longpoll");
        fixture.Broker.CreateTopic(topic, 1);
        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers, c =>
        {
            c.FetchWaitMaxMs = FetchWaitMaxMs;
            c.SocketTimeoutMs = FetchWaitMaxMs + 60_000;
        });
        consumer.Assign(new Confluent.Kafka.TopicPartitionOffset(topic, 0, 0));

        // Give the consumer time to send its first fetch, which the broker parks.
        Assert.Null(consumer.Consume(TimeSpan.FromSeconds(1)));

        using var producer = KafkaClients.CreateProducer(fixture.BootstrapServers);
        await KafkaClients.ProduceAsync(producer, topic, 0, "k", "woken");

        var received = Assert.Single(KafkaClients.ConsumeMany(consumer, 1));
        Assert.Equal("woken", received.Message.Value);
        Assert.Equal(0, received.Offset.Value);
    }
}
