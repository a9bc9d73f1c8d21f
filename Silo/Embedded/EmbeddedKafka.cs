using EventStreams.Grains.Config;
using EventStreams.Tools.KafkaMock;

namespace EventStreams.Silo.Embedded;

/// <summary>
/// The broker the single-machine host starts when no Kafka is configured: librdkafka's mock
/// cluster, in-process, with every topic of the stream configuration created. Development only.
/// </summary>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    // Partitions per demo topic: more than one shows per-partition ids without making the demo noisy.
    private const int DemoPartitions = 1;

    private readonly LibrdkafkaMockCluster _cluster;

    private EmbeddedKafka(LibrdkafkaMockCluster cluster) => _cluster = cluster;

    public string BootstrapServers => _cluster.BootstrapServers;

    /// <summary>Configuration that points the host at this broker and turns the demo producer on.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConfigurationOverrides =>
    [
        new("Kafka:BootstrapServers", BootstrapServers),
        // The mock answers an empty fetch only when fetch.wait.max.ms runs out; keep that short.
        new("Kafka:Conf:fetch.wait.max.ms", "10"),
        new("Demo:Enabled", "true"),
    ];

    public static async Task<EmbeddedKafka> StartAsync(IConfiguration configuration)
    {
        var cluster = new LibrdkafkaMockCluster();
        var uri = configuration["StreamConfig:Uri"] ?? "stream-config.yaml";
        var catalog = StreamConfigLoader.Parse(await File.ReadAllTextAsync(StreamConfigLoader.ResolvePath(uri)), version: 0);
        foreach (var topic in catalog.Streams.SelectMany(s => s.TopicsAllowed).Distinct(StringComparer.Ordinal))
        {
            cluster.CreateTopic(topic, DemoPartitions);
        }
        Console.WriteLine($"No Kafka configured: started an embedded development broker at {cluster.BootstrapServers} with demo data. Not for production.");
        return new EmbeddedKafka(cluster);
    }

    public ValueTask DisposeAsync()
    {
        _cluster.Dispose();
        return ValueTask.CompletedTask;
    }
}
