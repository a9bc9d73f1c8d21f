using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// This node's copy of one topic-partition: a fixed-size ring of recent events that every local
/// connection reads with its own cursor. Appending wakes the connections; it never copies an
/// event per connection. Events arrive in offset order without gaps (<see cref="FeedGapFiller"/>
/// sees to that), so the feed knows exactly which offsets it covers: a connection that starts from
/// an offset (resume, playback) can tell when it may stop reading history and join the ring.
/// When a gap cannot be filled the feed is reset: its <see cref="Generation"/> changes, and the
/// connections reading it end so that their clients resume, exactly, with their Last-Event-ID.
/// </summary>
internal sealed class PartitionFeed
{
    private readonly FeedEntry?[] _ring;
    private readonly long _mask;
    private readonly byte[] _idPrefix;
    private readonly Lock _appendLock = new();
    private readonly Lock _listenerLock = new();
    private readonly FanoutClock _clock;
    private readonly TimeProvider _time;
    // Copy-on-write: appends iterate it without a lock; connections come and go far less often than events.
    private IFeedListener[] _listeners = [];
    private long _next;
    // The next offset the feed expects; -1 until it starts.
    private long _position = -1;
    // Every event at or after _coverageFrom has reached (or will reach) this feed, in order.
    private long _coverageFrom = long.MaxValue;
    // The sequence number of the first event of the current coverage; entries before it belong to an older generation.
    private long _coverageStartSequence;
    private long _lastOverwrittenOffset = -1;
    // The id entry of the coverage start, for connections that join before anything arrived.
    private byte[] _startEntry;
    private int _generation;
    private readonly FeedFilters _filters;

    public PartitionFeed(string topic, int partition, int capacity, FanoutClock clock, TimeProvider? time = null)
    {
        _clock = clock;
        _time = time ?? TimeProvider.System;
        Topic = topic;
        Partition = partition;
        _ring = new FeedEntry?[capacity];
        _filters = new FeedFilters(capacity);
        _mask = capacity - 1;
        _idPrefix = IdEntries.TimestampPrefix(topic, partition);
        _startEntry = IdEntries.Position(topic, partition, 0, null);
    }

    public string Topic { get; }

    public int Partition { get; }

    public int Capacity => _ring.Length;

    public byte[] IdPrefix => _idPrefix;

    /// <summary>The sequence number the next appended event gets; a new cursor starts here.</summary>
    public long Head => Volatile.Read(ref _next);

    /// <summary>Changes when the feed is reset; a connection that joined an older generation must end.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>The next offset this feed expects, or -1 before it has started.</summary>
    public long Position
    {
        get
        {
            lock (_appendLock)
            {
                return _position;
            }
        }
    }

    /// <summary>Starts coverage at <paramref name="fromOffset"/> (the first subscription, or the first batch if it came first).</summary>
    public void Start(long fromOffset, long? previousTimestamp)
    {
        lock (_appendLock)
        {
            if (_position < 0)
            {
                Begin(fromOffset, previousTimestamp);
            }
        }
    }

    /// <summary>
    /// Learns the timestamp of the message before the coverage start, when the subscription's
    /// answer arrives after the first batch did: connections that join before anything arrived
    /// then get an id entry with both offset and timestamp.
    /// </summary>
    public void LearnStartTimestamp(long fromOffset, long previousTimestamp)
    {
        lock (_appendLock)
        {
            if (fromOffset == _coverageFrom && _next == _coverageStartSequence)
            {
                _startEntry = IdEntries.Position(Topic, Partition, fromOffset, previousTimestamp);
            }
        }
    }

    /// <summary>
    /// Appends the events of a batch that starts at or before <see cref="Position"/> (the caller
    /// guarantees there is no gap); offsets the feed already has are skipped.
    /// </summary>
    public void Append(EventBatch batch)
    {
        var appended = 0;
        var evaluations = 0;
        var now = _time.GetTimestamp(); // once per batch, not per event
        lock (_appendLock)
        {
            if (_position < 0)
            {
                Begin(batch.FromOffset, null);
            }
            if (batch.FromOffset > _position)
            {
                throw new InvalidOperationException($"{Topic}/{Partition}: a batch from offset {batch.FromOffset} cannot follow offset {_position}.");
            }
            foreach (var e in batch.Events)
            {
                if (e.Offset < _position)
                {
                    continue;
                }
                var slot = _next & _mask;
                // Entries of an older generation say nothing about what this one covers.
                if (_ring[slot] is { } overwritten && overwritten.Sequence >= _coverageStartSequence)
                {
                    _lastOverwrittenOffset = overwritten.Offset;
                }
                var matches = 0UL;
                if (_filters.Count > 0)
                {
                    matches = EvaluateFilters(e);
                    evaluations += _filters.Count;
                }
                _ring[slot] = new FeedEntry(_next, e.Offset, e.Timestamp, now, e.Data, IdEntries.AfterMessage(_idPrefix, e.Timestamp, e.Offset), matches);
                // Before the head moves: a reader that sees the new head finds the match recorded.
                _filters.Record(_next, matches);
                _position = e.Offset + 1;
                // Publish after the slot is written, so a reader that sees the new head finds the entry.
                Volatile.Write(ref _next, _next + 1);
                appended++;
            }
            _position = Math.Max(_position, batch.NextOffset);
        }
        if (appended > 0)
        {
            // Counted once per batch, outside the lock.
            Telemetry.GatewayMetrics.FeedEvents.Inc(appended);
            Telemetry.GatewayMetrics.FilterEvaluations.Inc(evaluations);
            _clock.MarkDirty(this);
        }
    }

    /// <summary>Registers a connection's filter: one shared evaluation per event for every connection with an equal one.</summary>
    public FeedFilterLease AcquireFilter(Filtering.EventFilter filter)
    {
        lock (_appendLock)
        {
            return _filters.Acquire(filter, _next);
        }
    }

    public void ReleaseFilter(FeedFilterLease lease)
    {
        lock (_appendLock)
        {
            _filters.Release(lease);
        }
    }

    // An event the decoder let through is a JSON object; should one not parse, no filter matches it.
    private ulong EvaluateFilters(EncodedEvent e)
    {
        try
        {
            return _filters.Evaluate(e.Data);
        }
        catch (System.Text.Json.JsonException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Gives up the promise that nothing is missing: coverage restarts at <paramref name="fromOffset"/>
    /// and connections reading the feed end (they resume with their ids). Called when a gap cannot
    /// be filled from history.
    /// </summary>
    public void Reset(long fromOffset)
    {
        lock (_appendLock)
        {
            Begin(fromOffset, null);
            Interlocked.Increment(ref _generation);
        }
        WakeListeners();
    }

    private void Begin(long fromOffset, long? previousTimestamp)
    {
        _position = fromOffset;
        _coverageFrom = fromOffset;
        _coverageStartSequence = _next;
        _lastOverwrittenOffset = -1;
        _startEntry = IdEntries.Position(Topic, Partition, fromOffset, previousTimestamp);
    }

    /// <summary>
    /// Where a live connection joins: the head, and the id entry of the position just before it
    /// (that of the newest event, or the coverage start), so that even a partition that delivers
    /// nothing on this connection has a real position in the connection's ids.
    /// </summary>
    public FeedJoin Join()
    {
        lock (_appendLock)
        {
            var entry = _next > _coverageStartSequence && TryGet(_next - 1, out var newest) ? newest.IdEntry : _startEntry;
            return new FeedJoin(_next, entry, _generation);
        }
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
    /// the first retained event at or after it (or the head, if none has arrived yet), and the
    /// generation it joins. False when the feed cannot promise every event from that offset: the
    /// reader must read history first.
    /// </summary>
    public bool TryFindStart(long offset, out long sequence, out int generation)
    {
        lock (_appendLock)
        {
            sequence = _next;
            generation = _generation;
            if (offset < _coverageFrom || offset <= _lastOverwrittenOffset)
            {
                return false;
            }
            sequence = FirstAtOrAfter(offset);
            return true;
        }
    }

    /// <summary>The retained event at exactly <paramref name="offset"/>, if the ring still holds it.</summary>
    public bool TryFindOffset(long offset, out FeedEntry entry)
    {
        lock (_appendLock)
        {
            var sequence = FirstAtOrAfter(offset);
            entry = null!;
            return sequence < _next && TryGet(sequence, out entry) && entry.Offset == offset;
        }
    }

    // Under _appendLock. Offsets grow with sequence numbers within a generation, so binary search its retained entries.
    private long FirstAtOrAfter(long offset)
    {
        long lo = Math.Max(_coverageStartSequence, _next - _ring.Length), hi = _next;
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
        return lo;
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
