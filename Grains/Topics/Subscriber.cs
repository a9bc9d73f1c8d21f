using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Grains.Topics;

/// <summary>One gateway subscribed to a TopicGrain: its lease and the events not yet sent to it.</summary>
internal sealed class Subscriber(ITopicObserver observer, DateTime renewedAt)
{
    public ITopicObserver Observer { get; } = observer;

    public DateTime RenewedAt { get; set; } = renewedAt;

    /// <summary>Events waiting while the previous call to this gateway is in flight; sent as one batch.</summary>
    public List<EncodedEvent> Pending { get; } = [];

    public bool Sending { get; set; }
}
