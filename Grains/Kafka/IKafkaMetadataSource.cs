namespace EventStreams.Grains.Kafka;

/// <summary>Where partition counts come from: one blocking metadata request to Kafka.</summary>
public interface IKafkaMetadataSource
{
    /// <summary>Every topic's partition count (internal topics left out); throws when Kafka does not answer in time.</summary>
    IReadOnlyDictionary<string, int> GetPartitionCounts(TimeSpan timeout);
}
