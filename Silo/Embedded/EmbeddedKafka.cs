using System.Net.Sockets;
using EventStreams.DevBroker;
using EventStreams.Grains.Config;
using EventStreams.Hosting;

namespace EventStreams.Silo.Embedded;

/// <summary>
/// The broker the single-machine host starts when no Kafka is configured: the project's
/// in-memory development broker on 127.0.0.1:9092, so any Kafka client (kcat, a script) can
/// produce to it, with every topic of the stream configuration created. Development only.
/// </summary>
public sealed class EmbeddedKafka : IAsyncDisposable
{
    public const int PreferredPort = 9092;

    // One partition per demo topic keeps ids short and readable; real clusters have more.
    private const int DemoPartitions = 1;

    private readonly KafkaDevBroker _broker;

    private EmbeddedKafka(KafkaDevBroker broker) => _broker = broker;

    public string BootstrapServers => _broker.BootstrapServers;

    /// <summary>Configuration that points the host at this broker and turns the demo producer on.</summary>
    public IEnumerable<KeyValuePair<string, string?>> ConfigurationOverrides =>
    [
        new("Kafka:BootstrapServers", BootstrapServers),
        new("Demo:Enabled", "true"),
    ];

    public static async Task<EmbeddedKafka> StartAsync(IConfiguration configuration, ILogger logger)
    {
        // The same options and rules as the StreamConfigGrain (object path, defaults, overrides,
        // allowed streams), so the broker has every topic a client can ask for.
        var options = configuration.GetSection(StreamConfigOptions.SectionName).Get<StreamConfigOptions>() ?? new();
        if (options.Validate() is { } error)
        {
            throw new InvalidConfigurationException(error);
        }
        var streams = await StreamConfigLoader.LoadOnceAsync(options);
        var broker = await StartBrokerAsync(logger);
        foreach (var topic in streams.SelectMany(s => s.TopicsAllowed).Distinct(StringComparer.Ordinal))
        {
            broker.CreateTopic(topic, DemoPartitions);
        }
        logger.LogWarning("No Kafka configured: started the embedded development broker at {BootstrapServers}, with demo data. Not for production.",
            broker.BootstrapServers);
        return new EmbeddedKafka(broker);
    }

    private static async Task<KafkaDevBroker> StartBrokerAsync(ILogger logger)
    {
        try
        {
            return await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = PreferredPort });
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            // Something (perhaps a real Kafka) already has 9092; the demo still has to run.
            logger.LogWarning("Port {Port} is in use; the embedded broker takes a free port instead", PreferredPort);
            return await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0 });
        }
    }

    public ValueTask DisposeAsync() => _broker.DisposeAsync();
}
