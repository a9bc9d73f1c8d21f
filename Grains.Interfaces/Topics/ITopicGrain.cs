namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>
/// One activation per Kafka topic-partition, keyed by (partition, topic).
/// It owns the only Kafka consumer for that partition in the cluster and pushes
/// decoded events, in batches, to every subscribed gateway node.
/// </summary>
public interface ITopicGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>
    /// Subscribes (or re-subscribes, refreshing the lease) a gateway's observer.
    /// Completes once the consumer has a fixed position, so every event produced
    /// after this call returns reaches the observer.
    /// </summary>
    Task<Subscription> Subscribe(ITopicObserver observer);

    Task Unsubscribe(ITopicObserver observer);

    Task<TopicPartitionStatus> GetStatus();
}
