using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>acks=0 (no response at all) and the idempotent producer (InitProducerId).</summary>
public sealed class ProducerModeTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public void Produce_AcksZero_MessagesAreStoredWithoutResponses()
    {
        var topic = KafkaClients.UniqueTopic("acks0");
        fixture.Broker.CreateTopic(topic, 1);
        using (var producer = KafkaClients.CreateProducer(fixture.BootstrapServers, c => c.Acks = Acks.None))
        {
            for (var i = 0; i < 10; i++)
            {
                producer.Produce(new TopicPartition(topic, 0), new Message<string?, string?> { Value = $"m{i}" });
            }

            Assert.Equal(0, producer.Flush(KafkaClients.Patience));
        }

        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        var results = KafkaClients.ConsumeMany(consumer, 10);

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"m{i}"), results.Select(r => r.Message.Value ?? "<null>"));
    }

    [Fact]
    public async Task Produce_IdempotentProducer_GetsProducerIdAndMessagesAreConsumable()
    {
        var topic = KafkaClients.UniqueTopic("idempotent");
        fixture.Broker.CreateTopic(topic, 1);
        using var producer = KafkaClients.CreateProducer(fixture.BootstrapServers, c => c.EnableIdempotence = true);

        var first = await KafkaClients.ProduceAsync(producer, topic, 0, null, "a");
        var second = await KafkaClients.ProduceAsync(producer, topic, 0, null, "b");

        Assert.Equal([0L, 1L], [first.Offset.Value, second.Offset.Value]);
        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        Assert.Equal(["a", "b"], KafkaClients.ConsumeMany(consumer, 2).Select(r => r.Message.Value ?? "<null>").ToArray());
    }
}
