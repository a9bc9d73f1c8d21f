using Confluent.Kafka;

namespace EventStreams.TestKit;

/// <summary>A Kafka-protocol broker a test talks to over TCP: librdkafka's mock cluster or the dev broker.</summary>
public interface ITestKafka : IAsyncDisposable
{
    string BootstrapServers { get; }

    /// <summary>librdkafka settings a consumer of this broker needs.</summary>
    IReadOnlyDictionary<string, string> ConsumerSettings { get; }

    void CreateTopicNamed(string name, int partitions = 1);

    Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, int partition, string value, string? key = null, DateTimeOffset? timestamp = null);
}

/// <summary>The produce side shared by the test brokers: one producer, no batching delay.</summary>
public sealed class TestProducer(string bootstrapServers) : IDisposable
{
    private readonly Lazy<IProducer<byte[]?, byte[]>> _producer = new(() => new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        LingerMs = 0,
        // Neither test broker checks producer sequence numbers; plain produce keeps it simple.
        EnableIdempotence = false,
    }).Build());

    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, int partition, string value, string? key, DateTimeOffset? timestamp) =>
        _producer.Value.ProduceAsync(new TopicPartition(topic, partition), new Message<byte[]?, byte[]>
        {
            Key = key is null ? null : System.Text.Encoding.UTF8.GetBytes(key),
            Value = System.Text.Encoding.UTF8.GetBytes(value),
            Timestamp = timestamp is { } t ? new Timestamp(t) : Timestamp.Default,
        });

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
    }
}
