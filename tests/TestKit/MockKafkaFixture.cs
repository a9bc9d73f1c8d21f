using Confluent.Kafka;
using EventStreams.Tools.KafkaMock;

namespace EventStreams.TestKit;

/// <summary>
/// A librdkafka mock cluster for a test class: real Kafka protocol over TCP on 127.0.0.1,
/// with helpers to create topics and produce. Share it with IClassFixture.
/// </summary>
public sealed class MockKafkaFixture : IDisposable
{
    private readonly LibrdkafkaMockCluster _cluster = new();
    private readonly Lazy<IProducer<byte[]?, byte[]>> _producer;

    public MockKafkaFixture()
    {
        _producer = new(() => new ProducerBuilder<byte[]?, byte[]>(new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            LingerMs = 0,
            // The mock cluster has no transaction coordinator; idempotence would need one.
            EnableIdempotence = false,
        }).Build());
    }

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>librdkafka settings a consumer of the mock needs (it answers empty fetches late).</summary>
    public static IReadOnlyDictionary<string, string> ConsumerSettings { get; } = new Dictionary<string, string>
    {
        ["fetch.wait.max.ms"] = "10",
    };

    /// <summary>Creates a topic with a unique name (tests never share topics) and returns that name.</summary>
    public string CreateTopic(string prefix, int partitions = 1)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        _cluster.CreateTopic(name, partitions);
        return name;
    }

    public void CreateTopicNamed(string name, int partitions = 1) => _cluster.CreateTopic(name, partitions);

    public async Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, int partition, string value, string? key = null, DateTimeOffset? timestamp = null)
    {
        var message = new Message<byte[]?, byte[]>
        {
            Key = key is null ? null : System.Text.Encoding.UTF8.GetBytes(key),
            Value = System.Text.Encoding.UTF8.GetBytes(value),
            Timestamp = timestamp is { } t ? new Timestamp(t) : Timestamp.Default,
        };
        return await _producer.Value.ProduceAsync(new TopicPartition(topic, partition), message);
    }

    public void Dispose()
    {
        if (_producer.IsValueCreated)
        {
            _producer.Value.Flush(TimeSpan.FromSeconds(5));
            _producer.Value.Dispose();
        }
        _cluster.Dispose();
    }
}
