using Confluent.Kafka;
using EventStreams.Tools.KafkaMock;

namespace EventStreams.TestKit;

/// <summary>
/// A librdkafka mock cluster for a test class: real Kafka protocol over TCP on 127.0.0.1,
/// with helpers to create topics and produce. Share it with IClassFixture.
/// It cannot look offsets up by timestamp; use <see cref="DevBrokerKafka"/> for that.
/// </summary>
public sealed class MockKafkaFixture : ITestKafka, IDisposable
{
    private readonly LibrdkafkaMockCluster _cluster = new();
    private readonly TestProducer _producer;

    public MockKafkaFixture() => _producer = new TestProducer(BootstrapServers);

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>The mock answers an empty fetch only when fetch.wait.max.ms runs out; keep that short.</summary>
    public static IReadOnlyDictionary<string, string> MockConsumerSettings { get; } = new Dictionary<string, string>
    {
        ["fetch.wait.max.ms"] = "10",
    };

    public IReadOnlyDictionary<string, string> ConsumerSettings => MockConsumerSettings;

    /// <summary>Creates a topic with a unique name (tests never share topics) and returns that name.</summary>
    public string CreateTopic(string prefix, int partitions = 1)
    {
        var name = $"{prefix}-{Guid.NewGuid():N}";
        _cluster.CreateTopic(name, partitions);
        return name;
    }

    public void CreateTopicNamed(string name, int partitions = 1) => _cluster.CreateTopic(name, partitions);

    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, int partition, string value, string? key = null, DateTimeOffset? timestamp = null) =>
        _producer.ProduceAsync(topic, partition, value, key, timestamp);

    public void Dispose()
    {
        _producer.Dispose();
        _cluster.Dispose();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
