namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>Implemented by a gateway node once per partition it serves.</summary>
public interface ITopicObserver : IGrainObserver
{
    /// <summary>
    /// The next events of the partition. Not one-way on purpose: Orleans does not order
    /// one-way messages, so the TopicGrain awaits each call before it sends the next one
    /// to the same gateway (the wait never holds back other gateways).
    /// </summary>
    Task OnEvents(EventBatch batch);
}
