using Confluent.Kafka;

namespace EventStreams.DevBroker.Tests.Infrastructure;

/// <summary>Client factories and bounded consume loops shared by the tests.</summary>
public static class KafkaClients
{
    /// <summary>Upper bound for any wait on the broker; generous so slow CI machines do not flake.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    public static IProducer<string?, string?> CreateProducer(string bootstrap, Action<ProducerConfig>? configure = null)
    {
        var config = new ProducerConfig
        {
            BootstrapServers = bootstrap,
            EnableIdempotence = false,
            LingerMs = 1,
            MessageTimeoutMs = (int)Patience.TotalMilliseconds,
        };
        configure?.Invoke(config);
        return new ProducerBuilder<string?, string?>(config).Build();
    }

    public static IConsumer<string?, string?> CreateConsumer(
        string bootstrap, Action<ConsumerConfig>? configure = null, ICollection<string>? problems = null)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "devbroker-tests-" + Guid.NewGuid().ToString("N"), // required by the client; never used with Assign
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Error,
            FetchWaitMaxMs = 100,
        };
        configure?.Invoke(config);
        var builder = new ConsumerBuilder<string?, string?>(config);
        if (problems is not null)
        {
            builder.SetErrorHandler((_, e) => Record(problems, $"error {e.Code}: {e.Reason}"));
            builder.SetLogHandler((_, m) =>
            {
                if (m.Level <= SyslogLevel.Warning)
                {
                    Record(problems, $"log {m.Level} {m.Facility}: {m.Message}");
                }
            });
        }

        return builder.Build();
    }

    /// <summary>Consumes until <paramref name="count"/> messages arrived or <see cref="Patience"/> ran out.</summary>
    public static List<ConsumeResult<string?, string?>> ConsumeMany(IConsumer<string?, string?> consumer, int count)
    {
        var results = new List<ConsumeResult<string?, string?>>();
        var deadline = DateTime.UtcNow + Patience;
        while (results.Count < count && DateTime.UtcNow < deadline)
        {
            var result = consumer.Consume(PollInterval);
            if (result is { IsPartitionEOF: false })
            {
                results.Add(result);
            }
        }

        return results;
    }

    public static async Task<DeliveryResult<string?, string?>> ProduceAsync(
        IProducer<string?, string?> producer, string topic, int partition, string? key, string? value, long? timestampMs = null, Headers? headers = null)
    {
        var message = new Message<string?, string?> { Key = key, Value = value, Headers = headers };
        if (timestampMs is { } ms)
        {
            message.Timestamp = new Timestamp(ms, TimestampType.CreateTime);
        }

        return await producer.ProduceAsync(new TopicPartition(topic, partition), message);
    }

    public static string UniqueTopic(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    private static void Record(ICollection<string> problems, string line)
    {
        lock (problems)
        {
            problems.Add(line);
        }
    }
}
