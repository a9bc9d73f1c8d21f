using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Kafka;

/// <summary>Builds every Kafka client the silo uses from <see cref="KafkaOptions"/>, in one place.</summary>
public sealed class KafkaClientFactory(IOptions<KafkaOptions> options, ILogger<KafkaClientFactory> logger)
{
    public KafkaOptions Options => options.Value;

    /// <param name="resetTo">Where an out-of-range position restarts: the live end for the live consumer
    /// (as the original), the earliest retained message for history readers.</param>
    /// <param name="fetchWait">fetch.wait.max.ms for this consumer, when it needs its own.</param>
    /// <param name="statistics">librdkafka statistics every <c>Interval</c>, handed to <c>Handler</c> on the thread that calls Consume().</param>
    public IConsumer<byte[]?, byte[]?> CreateConsumer(string clientSuffix, AutoOffsetReset resetTo = AutoOffsetReset.Latest, TimeSpan? fetchWait = null,
        (TimeSpan Interval, Action<string> Handler)? statistics = null)
    {
        var config = new ConsumerConfig(BaseConfig())
        {
            GroupId = Options.GroupId,
            ClientId = $"eventstreams-{clientSuffix}",
            // The design needs these: positions are chosen with Assign(), never committed.
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            EnablePartitionEof = false,
            AutoOffsetReset = resetTo,
        };
        if (fetchWait is { } wait)
        {
            config.FetchWaitMaxMs = (int)wait.TotalMilliseconds;
        }
        if (statistics is { } stats)
        {
            config.StatisticsIntervalMs = (int)stats.Interval.TotalMilliseconds;
        }
        var builder = new ConsumerBuilder<byte[]?, byte[]?>(config);
        if (statistics is { } handler)
        {
            builder.SetStatisticsHandler((_, json) => handler.Handler(json));
        }
        return builder
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka consumer {Client} error: {Reason} ({Code})", clientSuffix, error.Reason, error.Code))
            .SetLogHandler((_, log) => logger.LogDebug("librdkafka {Facility}: {Message}", log.Facility, log.Message))
            .Build();
    }

    public IAdminClient CreateAdminClient() =>
        new AdminClientBuilder(new AdminClientConfig(BaseConfig()) { ClientId = "eventstreams-admin" })
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka admin client error: {Reason} ({Code})", error.Reason, error.Code))
            .SetLogHandler((_, log) => logger.LogDebug("librdkafka {Facility}: {Message}", log.Facility, log.Message))
            .Build();

    private Dictionary<string, string> BaseConfig()
    {
        var conf = new Dictionary<string, string>(Options.Conf, StringComparer.Ordinal);
        if (!string.IsNullOrWhiteSpace(Options.BootstrapServers))
        {
            conf["bootstrap.servers"] = Options.BootstrapServers;
        }
        return conf;
    }
}
