using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// This node's copy of one topic-partition: the observer a TopicGrain pushes batches to, and a
/// fixed-size ring of recent events that every local connection reads with its own cursor.
/// Appending wakes the connections; it never copies an event per connection.
/// It also knows which offsets it covers, so a connection that starts from an offset (resume,
/// playback) can tell when it may stop reading history and join the ring without a gap.
/// </summary>
internal sealed class PartitionFeed : ITopicObserver
{
    private readonly FeedEntry?[] _ring;
    private readonly long _mask;
    private readonly byte[] _idPrefix;
    private readonly Lock _appendLock = new();
    private readonly Lock _listenerLock = new();
    // Copy-on-write: appends iterate it without a lock; connections come and go far less often than events.
    private IFeedListener[] _listeners = [];
    private long _next;
    private long _lastOffset = -1;
    // Every event at or after _coverageFrom reaches this feed (none before it is promised).
    private long _coverageFrom = long.MaxValue;
    private long _lastOverwrittenOffset = -1;

    private readonly FanoutClock _clock;

    public PartitionFeed(string topic, int partition, int capacity, FanoutClock clock)
    {
        _clock = clock;
        Topic = topic;
        Partition = partition;
        _ring = new FeedEntry?[capacity];
        _mask = capacity - 1;
        _idPrefix = IdEntries.TimestampPrefix(topic, partition);
        LatestIdEntry = IdEntries.Latest(topic, partition);
    }

    public string Topic { get; }

    public int Partition { get; }

    public byte[] LatestIdEntry { get; }

    public byte[] IdPrefix => _idPrefix;

    /// <summary>The sequence number the next appended event gets; a new cursor starts here.</summary>
    public long Head => Volatile.Read(ref _next);

    /// <summary>
    /// Records what a (re)subscription promised. When the grain did not know us, everything
    /// before <see cref="Subscription.FromOffset"/> may be missing, so coverage restarts there.
    /// </summary>
    public void OnSubscribed(Subscription subscription)
    {
        lock (_appendLock)
        {
            if (!subscription.Continued || _coverageFrom == long.MaxValue)
            {
                _coverageFrom = subscription.FromOffset;
            }
        }
    }

    public Task OnEvents(EventBatch batch)
    {
        lock (_appendLock)
        {
            foreach (var e in batch.Events)
            {
                // Batches arrive in order; after a TopicGrain moves to another silo it may replay a little.
                if (e.Offset <= _lastOffset)
                {
                    continue;
                }
                _lastOffset = e.Offset;
                var slot = _next & _mask;
                if (_ring[slot] is { } overwritten)
                {
                    _lastOverwrittenOffset = overwritten.Offset;
                }
                _ring[slot] = new FeedEntry(_next, e.Offset, e.Data, IdEntries.AfterMessage(_idPrefix, e.Timestamp, e.Offset));
                // Publish after the slot is written, so a reader that sees the new head finds the entry.
                Volatile.Write(ref _next, _next + 1);
            }
        }
        _clock.MarkDirty(this);
        return Task.CompletedTask;
    }

    /// <summary>Called by the fan-out clock: tells every connection reading this feed that it grew.</summary>
    public void WakeListeners()
    {
        foreach (var listener in Volatile.Read(ref _listeners))
        {
            listener.Wake();
        }
    }

    /// <summary>False when the event at <paramref name="sequence"/> has been overwritten: the reader is too slow.</summary>
    public bool TryGet(long sequence, out FeedEntry entry)
    {
        var candidate = Volatile.Read(ref _ring[sequence & _mask]);
        entry = candidate!;
        return candidate is not null && candidate.Sequence == sequence;
    }

    /// <summary>
    /// Where a reader that next needs <paramref name="offset"/> can join this feed: the sequence of
    /// the first retained event at or after it (or the head, if none has arrived yet). False when
    /// the feed cannot promise every event from that offset: the reader must read history first.
    /// </summary>
    public bool TryFindStart(long offset, out long sequence)
    {
        lock (_appendLock)
        {
            sequence = _next;
            if (offset < _coverageFrom || offset <= _lastOverwrittenOffset)
            {
                return false;
            }
            // Offsets grow with sequence numbers, so binary search the retained entries.
            long lo = Math.Max(0, _next - _ring.Length), hi = _next;
            while (lo < hi)
            {
                var mid = lo + (hi - lo) / 2;
                if (_ring[mid & _mask]!.Offset < offset)
                {
                    lo = mid + 1;
                }
                else
                {
                    hi = mid;
                }
            }
            sequence = lo;
            return true;
        }
    }

    public void AddListener(IFeedListener listener)
    {
        lock (_listenerLock)
        {
            Volatile.Write(ref _listeners, [.. _listeners, listener]);
        }
    }

    public void RemoveListener(IFeedListener listener)
    {
        lock (_listenerLock)
        {
            Volatile.Write(ref _listeners, [.. _listeners.Where(l => l != listener)]);
        }
    }
}

/// <summary>Something that reads a feed and wants to know when it has grown.</summary>
internal interface IFeedListener
{
    void Wake();
}
