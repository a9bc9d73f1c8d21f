using Confluent.Kafka;
using EventStreams.DevBroker;

namespace EventStreams.TestKit;

/// <summary>The project's dev broker on a random port: the test broker for timestamp look-ups.</summary>
public sealed class DevBrokerKafka : ITestKafka
{
    private readonly KafkaDevBroker _broker;
    private readonly TestProducer _producer;

    private DevBrokerKafka(KafkaDevBroker broker)
    {
        _broker = broker;
        _producer = new TestProducer(broker.BootstrapServers);
    }

    public static async Task<DevBrokerKafka> StartAsync() =>
        // Test data carries fixed timestamps from months ago: keep everything.
        new(await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0, AutoCreateTopics = false, RetentionTime = TimeSpan.FromDays(36500) }));

    public string BootstrapServers => _broker.BootstrapServers;

    // The dev broker wakes a waiting fetch when data arrives: librdkafka's defaults are fine.
    public IReadOnlyDictionary<string, string> ConsumerSettings { get; } = new Dictionary<string, string>();

    public void CreateTopicNamed(string name, int partitions = 1) => _broker.CreateTopic(name, partitions);

    public Task<DeliveryResult<byte[]?, byte[]>> ProduceAsync(string topic, int partition, string value, string? key = null, DateTimeOffset? timestamp = null) =>
        _producer.ProduceAsync(topic, partition, value, key, timestamp);

    public async ValueTask DisposeAsync()
    {
        _producer.Dispose();
        await _broker.DisposeAsync();
    }
}
