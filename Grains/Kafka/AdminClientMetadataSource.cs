namespace EventStreams.Grains.Kafka;

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
