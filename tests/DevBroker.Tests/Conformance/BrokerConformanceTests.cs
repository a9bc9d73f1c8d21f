using System.Text;
using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Conformance;

/// <summary>
/// Client-visible behaviour any Kafka broker used by EventStreams must show. Subclasses supply
/// the broker (the dev broker here; librdkafka's mock cluster can be plugged in the same way).
/// </summary>
public abstract class BrokerConformanceTests
{
    /// <summary>bootstrap.servers of the broker under test.</summary>
    protected abstract string BootstrapServers { get; }

    /// <summary>Creates a topic with the given partition count on the broker under test.</summary>
    protected abstract Task CreateTopicAsync(string name, int partitions);

    [Fact]
    public async Task ProduceConsume_ThreePartitionsAssignedAtOffsets_EachPartitionReturnsItsMessagesInOrder()
    {
        var topic = KafkaClients.UniqueTopic("multi");
        await CreateTopicAsync(topic, 3);
        using var producer = KafkaClients.CreateProducer(BootstrapServers);
        for (var i = 0; i < 5; i++)
        {
            for (var p = 0; p < 3; p++)
            {
                await KafkaClients.ProduceAsync(producer, topic, p, key: null, value: $"p{p}-m{i}");
            }
        }

        var problems = new List<string>();
        using var consumer = KafkaClients.CreateConsumer(BootstrapServers, problems: problems);
        consumer.Assign([
            new TopicPartitionOffset(topic, 0, 0),
            new TopicPartitionOffset(topic, 1, 2),
            new TopicPartitionOffset(topic, 2, 4),
        ]);
        var results = KafkaClients.ConsumeMany(consumer, 5 + 3 + 1);

        string[] ValuesOf(int p) => [.. results.Where(r => r.Partition.Value == p).Select(r => r.Message.Value!)];
        Assert.Equal(["p0-m0", "p0-m1", "p0-m2", "p0-m3", "p0-m4"], ValuesOf(0));
        Assert.Equal(["p1-m2", "p1-m3", "p1-m4"], ValuesOf(1));
        Assert.Equal(["p2-m4"], ValuesOf(2));
        Assert.All(results, r => Assert.Equal(r.Message.Value, $"p{r.Partition.Value}-m{r.Offset.Value}"));

        // Assign with explicit offsets and no commits must not need a group coordinator.
        Assert.Empty(problems);
    }

    [Fact]
    public async Task Produce_KeysHeadersAndTimestamps_ArePreservedOnConsume()
    {
        var topic = KafkaClients.UniqueTopic("meta");
        await CreateTopicAsync(topic, 1);
        var baseTime = DateTimeOffset.UtcNow.AddMinutes(-5).ToUnixTimeMilliseconds();
        using var producer = KafkaClients.CreateProducer(BootstrapServers);
        var headers = new Headers { { "trace", Encoding.UTF8.GetBytes("abc") }, { "empty", [] }, { "trace", Encoding.UTF8.GetBytes("second") } };
        await KafkaClients.ProduceAsync(producer, topic, 0, "key-1", "value-1", baseTime, headers);
        await KafkaClients.ProduceAsync(producer, topic, 0, null, "no-key", baseTime + 1234);
        await KafkaClients.ProduceAsync(producer, topic, 0, "tombstone", null, baseTime + 2000);

        using var consumer = KafkaClients.CreateConsumer(BootstrapServers);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        var results = KafkaClients.ConsumeMany(consumer, 3);

        Assert.Equal(3, results.Count);
        var first = results[0].Message;
        Assert.Equal("key-1", first.Key);
        Assert.Equal("value-1", first.Value);
        Assert.Equal(TimestampType.CreateTime, first.Timestamp.Type);
        Assert.Equal(baseTime, first.Timestamp.UnixTimestampMs);
        Assert.Equal(
            [("trace", "abc"), ("empty", ""), ("trace", "second")],
            first.Headers.Select(h => (h.Key, Encoding.UTF8.GetString(h.GetValueBytes()))).ToArray());
        Assert.Null(results[1].Message.Key);
        Assert.Equal(baseTime + 1234, results[1].Message.Timestamp.UnixTimestampMs);
        Assert.Equal("tombstone", results[2].Message.Key);
        Assert.Null(results[2].Message.Value);
        Assert.Equal(baseTime + 2000, results[2].Message.Timestamp.UnixTimestampMs);
    }

    [Fact]
    public async Task QueryWatermarkOffsets_AfterProducing_ReturnsZeroAndMessageCount()
    {
        var topic = KafkaClients.UniqueTopic("marks");
        await CreateTopicAsync(topic, 2);
        using var producer = KafkaClients.CreateProducer(BootstrapServers);
        for (var i = 0; i < 7; i++)
        {
            await KafkaClients.ProduceAsync(producer, topic, 1, null, $"m{i}");
        }

        using var consumer = KafkaClients.CreateConsumer(BootstrapServers);
        var busy = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 1), KafkaClients.Patience);
        var empty = consumer.QueryWatermarkOffsets(new TopicPartition(topic, 0), KafkaClients.Patience);

        Assert.Equal(0, busy.Low.Value);
        Assert.Equal(7, busy.High.Value);
        Assert.Equal(0, empty.Low.Value);
        Assert.Equal(0, empty.High.Value);
    }

    [Fact]
    public async Task Consume_OffsetBeyondEndWithResetEarliest_StartsFromFirstMessage()
    {
        var topic = KafkaClients.UniqueTopic("reset-earliest");
        await CreateTopicAsync(topic, 1);
        using var producer = KafkaClients.CreateProducer(BootstrapServers);
        for (var i = 0; i < 3; i++)
        {
            await KafkaClients.ProduceAsync(producer, topic, 0, null, $"m{i}");
        }

        using var consumer = KafkaClients.CreateConsumer(BootstrapServers, c => c.AutoOffsetReset = AutoOffsetReset.Earliest);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 1000));
        var results = KafkaClients.ConsumeMany(consumer, 3);

        Assert.Equal(["m0", "m1", "m2"], results.Select(r => r.Message.Value ?? "<null>").ToArray());
        Assert.Equal(0, results[0].Offset.Value);
    }

    [Fact]
    public async Task Consume_OffsetBeyondEndWithResetLatest_ReceivesOnlyMessagesProducedAfterReset()
    {
        var topic = KafkaClients.UniqueTopic("reset-latest");
        await CreateTopicAsync(topic, 1);
        using var producer = KafkaClients.CreateProducer(BootstrapServers);
        for (var i = 0; i < 3; i++)
        {
            await KafkaClients.ProduceAsync(producer, topic, 0, null, $"old{i}");
        }

        using var consumer = KafkaClients.CreateConsumer(BootstrapServers, c => c.AutoOffsetReset = AutoOffsetReset.Latest);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 1000));

        // The reset races with our produce, so keep producing until one new message shows up;
        // which one does not matter, only that nothing old is delivered.
        ConsumeResult<string?, string?>? received = null;
        var deadline = DateTime.UtcNow + KafkaClients.Patience;
        for (var i = 0; received is null && DateTime.UtcNow < deadline; i++)
        {
            await KafkaClients.ProduceAsync(producer, topic, 0, null, $"new{i}");
            received = consumer.Consume(TimeSpan.FromMilliseconds(500));
        }

        Assert.NotNull(received);
        Assert.StartsWith("new", received.Message.Value);
        Assert.True(received.Offset.Value >= 3, $"offset {received.Offset.Value} belongs to an old message");
    }
}
