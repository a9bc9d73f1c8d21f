namespace EventStreams.Grains.Kafka;

/// <summary>What a consumer is for: the one live consumer of a partition, or a history reader.</summary>
public enum ConsumerRole
{
    Live,
    History,
}
