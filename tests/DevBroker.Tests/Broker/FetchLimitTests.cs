using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>Byte limits smaller than a batch must never stall a consumer.</summary>
public sealed class FetchLimitTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public void Consume_PartitionAndResponseLimitsBelowBatchSize_StillDeliversEveryMessage()
    {
        var topic = KafkaClients.UniqueTopic("limits");
        fixture.Broker.CreateTopic(topic, 2);
        using (var producer = KafkaClients.CreateProducer(fixture.BootstrapServers, c => c.LingerMs = 100))
        {
            for (var i = 0; i < 200; i++)
            {
                producer.Produce(new TopicPartition(topic, i % 2), new Message<string?, string?> { Value = $"{i}-" + new string('z', 200) });
            }

            Assert.Equal(0, producer.Flush(KafkaClients.Patience));
        }

        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers, c =>
        {
            c.MaxPartitionFetchBytes = 1024;
            c.FetchMaxBytes = 1024;
            c.MessageMaxBytes = 1024; // librdkafka insists fetch.max.bytes >= message.max.bytes
        });
        consumer.Assign([new TopicPartitionOffset(topic, 0, 0), new TopicPartitionOffset(topic, 1, 0)]);
        var results = KafkaClients.ConsumeMany(consumer, 200);

        Assert.Equal(200, results.Count);
        Assert.Equal(100, results.Count(r => r.Partition.Value == 0));
    }
}
