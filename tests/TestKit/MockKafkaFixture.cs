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
    private readonly LibrdkafkaMockCluster _cluster;
    private readonly TestProducer _producer;

    /// <summary>One broker. xunit needs a class fixture to have a single public constructor.</summary>
    public MockKafkaFixture()
        : this(brokerCount: 1)
    {
    }

    private MockKafkaFixture(int brokerCount)
    {
        _cluster = new LibrdkafkaMockCluster(brokerCount);
        _producer = new TestProducer(BootstrapServers);
    }

    /// <param name="brokerCount">More than one to move partition leaders or take one broker down while others serve.</param>
    public static MockKafkaFixture WithBrokers(int brokerCount) => new(brokerCount);

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>The mock cluster itself, for fault injection (brokers down, rtt, leaders, request errors).</summary>
    public LibrdkafkaMockCluster Cluster => _cluster;

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
