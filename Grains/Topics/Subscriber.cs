using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Grains.Topics;

/// <summary>
/// One gateway subscribed to a TopicGrain: its lease and the batches not yet sent to it. Batches
/// that follow each other are merged into one call; a batch that does not start where the one
/// before it ended (the consumer restarted) is sent on its own, so the gateway sees the gap.
/// </summary>
internal sealed class Subscriber(ITopicObserver observer, DateTimeOffset renewedAt)
{
    private readonly LinkedList<EventBatch> _pending = [];

    public ITopicObserver Observer { get; } = observer;

    public DateTimeOffset RenewedAt { get; set; } = renewedAt;

    /// <summary>When the last call to this gateway started; keep-alives go to gateways that heard nothing for a while.</summary>
    public DateTimeOffset LastSentAt { get; set; } = renewedAt;

    public bool Sending { get; set; }

    /// <summary>Events waiting while the previous call to this gateway is in flight.</summary>
    public int PendingEvents { get; private set; }

    public bool HasPending => _pending.Count > 0;

    public void Add(EventBatch batch)
    {
        _pending.AddLast(batch);
        PendingEvents += batch.Events.Length;
    }

    /// <summary>The next call's batch: pending batches that follow each other, up to <paramref name="maxEvents"/> events.</summary>
    public EventBatch Take(string topic, int partition, int maxEvents)
    {
        var first = _pending.First!.Value;
        if (first.Events.Length <= maxEvents && (_pending.Count == 1 || !Follows(_pending.First.Next!.Value, first)))
        {
            // The common case: one batch per call, sent as it came, without a copy.
            _pending.RemoveFirst();
            PendingEvents -= first.Events.Length;
            return first;
        }
        var events = new List<EncodedEvent>(Math.Min(maxEvents, PendingEvents));
        var next = first.FromOffset;
        while (_pending.First is { } node && (ReferenceEquals(node.Value, first) || Follows(node.Value, next)) && events.Count < maxEvents)
        {
            var batch = node.Value;
            var room = maxEvents - events.Count;
            if (batch.Events.Length <= room)
            {
                events.AddRange(batch.Events);
                next = batch.NextOffset;
                _pending.RemoveFirst();
                continue;
            }
            events.AddRange(batch.Events.AsSpan(0, room));
            next = batch.Events[room].Offset;
            node.Value = batch with { FromOffset = next, Events = batch.Events[room..], OffsetsReset = false };
        }
        PendingEvents -= events.Count;
        return new EventBatch(topic, partition, first.FromOffset, [.. events], next, first.OffsetsReset);
    }

    // A batch may join the one before only if it continues it; a reset always starts a call of its own.
    private static bool Follows(EventBatch batch, EventBatch previous) => Follows(batch, previous.NextOffset);

    private static bool Follows(EventBatch batch, long previousNext) => !batch.OffsetsReset && batch.FromOffset == previousNext;
}
