using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>ListOffsets by timestamp (OffsetsForTimes), which librdkafka's mock cannot answer.</summary>
public sealed class TimestampLookupTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    private const int Step = 1000;
    private const int MessageCount = 4;

    /// <summary>Partition 0 gets one batch holding all records, partition 1 one batch per record.</summary>
    [Theory]
    [InlineData(0, -10_000, 0)]          // before all messages: the first one
    [InlineData(0, 1500, 2)]             // between two messages: the next one
    [InlineData(0, 2000, 2)]             // exactly on a message's timestamp: that message
    [InlineData(0, 3000, 3)]             // exactly on the last message
    [InlineData(1, -10_000, 0)]
    [InlineData(1, 1500, 2)]
    [InlineData(1, 2000, 2)]
    [InlineData(1, 3000, 3)]
    public async Task OffsetsForTimes_TimestampAtOrBeforeLastMessage_ReturnsFirstOffsetAtOrAfterIt(int partition, long delta, long expectedOffset)
    {
        var (topic, baseTime) = await ProduceTimedMessagesAsync();

        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, partition, new Timestamp(baseTime + delta, TimestampType.CreateTime))], KafkaClients.Patience);

        Assert.Equal(expectedOffset, Assert.Single(found).Offset.Value);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public async Task OffsetsForTimes_TimestampAfterAllMessages_ReturnsEnd(int partition)
    {
        var (topic, baseTime) = await ProduceTimedMessagesAsync();

        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, partition, new Timestamp(baseTime + (Step * MessageCount), TimestampType.CreateTime))], KafkaClients.Patience);

        Assert.Equal(Offset.End, Assert.Single(found).Offset);
    }

    [Fact]
    public async Task OffsetsForTimes_EmptyPartition_ReturnsEnd()
    {
        var topic = KafkaClients.UniqueTopic("ts-empty");
        fixture.Broker.CreateTopic(topic, 1);
        await Task.CompletedTask;

        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        var found = consumer.OffsetsForTimes([new TopicPartitionTimestamp(topic, 0, new Timestamp(0, TimestampType.CreateTime))], KafkaClients.Patience);

        Assert.Equal(Offset.End, Assert.Single(found).Offset);
    }

    private async Task<(string Topic, long BaseTime)> ProduceTimedMessagesAsync()
    {
        var topic = KafkaClients.UniqueTopic("ts");
        fixture.Broker.CreateTopic(topic, 2);
        var baseTime = DateTimeOffset.UtcNow.AddHours(-1).ToUnixTimeMilliseconds();

        // A long linger puts all four records of partition 0 into one batch, so the lookup
        // has to look inside the batch rather than at its max timestamp.
        using (var batching = KafkaClients.CreateProducer(fixture.BootstrapServers, c => c.LingerMs = 200))
        {
            for (var i = 0; i < MessageCount; i++)
            {
                batching.Produce(new TopicPartition(topic, 0), new Message<string?, string?> { Value = $"m{i}", Timestamp = new Timestamp(baseTime + (i * Step), TimestampType.CreateTime) });
            }

            batching.Flush(KafkaClients.Patience);
        }

        using var single = KafkaClients.CreateProducer(fixture.BootstrapServers);
        for (var i = 0; i < MessageCount; i++)
        {
            await KafkaClients.ProduceAsync(single, topic, 1, null, $"m{i}", baseTime + (i * Step));
        }

        return (topic, baseTime);
    }
}
