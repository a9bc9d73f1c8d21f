using Confluent.Kafka;
using EventStreams.DevBroker;

namespace EventStreams.TestKit;

/// <summary>The project's dev broker on a random port: the test broker for timestamp look-ups.</summary>
public sealed class DevBrokerKafka : ITestKafka
{
    private readonly Dictionary<string, int> _topics = new(StringComparer.Ordinal);
    private KafkaDevBroker _broker;
    private readonly TestProducer _producer;

    private DevBrokerKafka(KafkaDevBroker broker)
    {
        _broker = broker;
        _producer = new TestProducer(broker.BootstrapServers);
    }

    public static async Task<DevBrokerKafka> StartAsync() => new(await StartBrokerAsync(port: 0));

    // Test data carries fixed timestamps from months ago: keep everything.
    private static Task<KafkaDevBroker> StartBrokerAsync(int port) =>
        KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = port, AutoCreateTopics = false, RetentionTime = TimeSpan.FromDays(36500) });

    /// <summary>
    /// Stops the broker and starts an empty one at the same address with the same topics, as when
    /// a topic is recreated or a broker comes back without its data: offsets start over at 0.
    /// </summary>
    public async Task RestartEmptyAsync()
    {
        var port = int.Parse(_broker.BootstrapServers[(_broker.BootstrapServers.LastIndexOf(':') + 1)..]);
        await _broker.DisposeAsync();
        _broker = await StartBrokerAsync(port);
        foreach (var (topic, partitions) in _topics)
        {
            _broker.CreateTopic(topic, partitions);
        }
    }

    public string BootstrapServers => _broker.BootstrapServers;

    // The dev broker wakes a waiting fetch when data arrives: librdkafka's defaults are fine.
    public IReadOnlyDictionary<string, string> ConsumerSettings { get; } = new Dictionary<string, string>();

    public void CreateTopicNamed(string name, int partitions = 1)
    {
        _broker.CreateTopic(name, partitions);
        _topics[name] = partitions;
    }

    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, int partition, string value, string? key = null, DateTimeOffset? timestamp = null) =>
        _producer.ProduceAsync(topic, partition, value, key, timestamp);

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await _broker.DisposeAsync();
    }
}
