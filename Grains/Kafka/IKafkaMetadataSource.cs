namespace EventStreams.Grains.Kafka;

/// <summary>Where partition counts come from: one blocking metadata request to Kafka.</summary>
public interface IKafkaMetadataSource
{
    /// <summary>Every topic's partition count (internal topics left out); throws when Kafka does not answer in time.</summary>
    IReadOnlyDictionary<string, int> GetPartitionCounts(TimeSpan timeout);
}

/// <summary>The real source: librdkafka's admin client, created on first use and kept.</summary>
public sealed class AdminClientMetadataSource(KafkaClientFactory clients) : IKafkaMetadataSource, IDisposable
{
    private readonly Lazy<Confluent.Kafka.IAdminClient> _admin = new(clients.CreateAdminClient);

    public IReadOnlyDictionary<string, int> GetPartitionCounts(TimeSpan timeout) =>
        _admin.Value.GetMetadata(timeout).Topics
            .Where(t => t.Error.Code == Confluent.Kafka.ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
            .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
    }
}
