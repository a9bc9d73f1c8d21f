using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>Auto-creation, refusal of unknown topics, retention and <see cref="KafkaDevBroker.CreateTopic"/>.</summary>
public sealed class TopicLifecycleTests
{
    [Fact]
    public async Task Produce_UnknownTopicWithAutoCreate_CreatesTopicWithDefaultPartitions()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { AutoCreateTopics = true, DefaultPartitions = 3 });
        var topic = KafkaClients.UniqueTopic("auto");
        using var producer = KafkaClients.CreateProducer(broker.BootstrapServers);

        var delivery = await KafkaClients.ProduceAsync(producer, topic, 2, null, "created");

        Assert.Equal(0, delivery.Offset.Value);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = broker.BootstrapServers }).Build();
        Assert.Equal(3, Assert.Single(admin.GetMetadata(topic, KafkaClients.Patience).Topics).Partitions.Count);
    }

    [Fact]
    public async Task Produce_UnknownTopicWithoutAutoCreate_FailsWithUnknownTopic()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { AutoCreateTopics = false });
        using var producer = KafkaClients.CreateProducer(broker.BootstrapServers, c =>
        {
            c.MessageTimeoutMs = 5000;
            c.TopicMetadataPropagationMaxMs = 100;
        });

        var error = await Assert.ThrowsAsync<ProduceException<string?, string?>>(
            () => KafkaClients.ProduceAsync(producer, KafkaClients.UniqueTopic("missing"), 0, null, "lost"));

        Assert.Contains(error.Error.Code, new[] { ErrorCode.UnknownTopicOrPart, ErrorCode.Local_UnknownTopic, ErrorCode.Local_UnknownPartition });
    }

    [Fact]
    public async Task Produce_BeyondRetentionBytes_DropsOldestBatchesAndConsumerResetsToLogStart()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { AutoCreateTopics = false, RetentionBytesPerPartition = 10_000 });
        var topic = KafkaClients.UniqueTopic("retention");
        broker.CreateTopic(topic, 1);
        using var producer = KafkaClients.CreateProducer(broker.BootstrapServers);
        for (var i = 0; i < 30; i++)
        {
            await KafkaClients.ProduceAsync(producer, topic, 0, null, $"{i:D3}-" + new string('r', 1000));
        }

        using var consumer = KafkaClients.CreateConsumer(broker.BootstrapServers, c => c.AutoOffsetReset = AutoOffsetReset.Earliest);
        var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), KafkaClients.Patience);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        var first = KafkaClients.ConsumeMany(consumer, 1);

        Assert.Equal(30, marks.High.Value);
        Assert.InRange(marks.Low.Value, 1, 29);
        Assert.Equal(marks.Low.Value, Assert.Single(first).Offset.Value);
        Assert.StartsWith($"{marks.Low.Value:D3}-", first[0].Message.Value);
    }

    [Fact]
    public async Task CreateTopic_SameNameAndCount_IsIdempotentAndDifferentCountThrows()
    {
        await using var broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions());

        broker.CreateTopic("twice", 2);
        broker.CreateTopic("twice", 2);

        Assert.Throws<InvalidOperationException>(() => broker.CreateTopic("twice", 3));
        Assert.Throws<ArgumentException>(() => broker.CreateTopic("bad name!", 1));
    }
}
