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
    /// after this call returns reaches the observer. <paramref name="resumeFrom"/> is the next
    /// offset the gateway's feed expects (-1 for a new feed): a grain that has no consumer yet,
    /// because its silo died, starts there, so the gateways it serves see no gap.
    /// </summary>
    Task<Subscription> Subscribe(ITopicObserver observer, long resumeFrom);

    Task Unsubscribe(ITopicObserver observer);

    Task<TopicPartitionStatus> GetStatus();
}
