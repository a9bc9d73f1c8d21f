namespace EventStreams.Grains.Interfaces.Kafka;

/// <summary>Answers which topics exist in Kafka and how many partitions each has (key 0).</summary>
public interface ITopicMetadataGrain : IGrainWithIntegerKey
{
    /// <summary>Partition counts in the order asked; 0 means the topic does not exist.</summary>
    Task<TopicPartitions[]> GetPartitions(string[] topics);
}

[GenerateSerializer, Immutable]
public sealed record TopicPartitions(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partitions);
