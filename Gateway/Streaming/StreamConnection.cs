using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using EventStreams.Gateway.Telemetry;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// One client connection. Per partition it holds either a cursor into the node's shared feed
/// (live), or a catch-up position read from history until the feed covers it; then it joins
/// the feed at exactly that offset, so the seam has no gap and no duplicate.
/// It owns no event queue; its memory is bounded by the response buffer. One async loop per
/// connection, no thread: it sleeps until a feed grows (or a history read lands), then writes
/// everything it is missing and flushes once, so a busy stream costs one send per wake-up.
/// Delivery metrics are counted in plain fields and added to the shared counters once per
/// wake-up (and when the connection ends), never per event.
/// </summary>
internal sealed class StreamConnection : IFeedListener
{
    private readonly PartitionCursor[] _partitions;
    private readonly PartitionFeed[] _feeds;
    // The current id entry of each partition, in id order: every SSE frame writes all of them.
    private readonly byte[][] _idEntries;
    private readonly StreamFormat _format;
    private readonly int _flushThreshold;
    private readonly IHistorySource _history;
    private readonly FramePacker _packer = new();
    // The id suffix of a catch-up frame, written in place (see IdEntries.PutAfterMessageSuffix).
    private readonly byte[] _idSuffix = new byte[IdEntries.MaxSuffixLength];
    // Capacity 1 and DropWrite: any number of wake-ups while we write collapse into one.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private int _heartbeatDue;
    private bool _wroteSinceHeartbeat;
    // A filter skipped events after the last frame: the ids moved on and the client has not seen them.
    private bool _positionUnsent;
    private long _bytesFlushed;
    private long _eventsReported;
    private long _bytesReported;
    private readonly TimeProvider _time;
    private Action? _abort;
    private int _abortedAsTooSlow;
    private int _endRequested;

    public StreamConnection(IReadOnlyList<ConnectionPartition> partitions, StreamFormat format, int flushThreshold, IHistorySource history,
        TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
        _partitions = [.. partitions.Select(p => new PartitionCursor(p.Feed, p.StartOffset, p.Filter))];
        _feeds = [.. partitions.Select(p => p.Feed)];
        _idEntries = [.. partitions.Select(p => p.InitialIdEntry ?? [])];
        _format = format;
        _flushThreshold = flushThreshold;
        _history = history;
    }

    public IReadOnlyList<PartitionFeed> Feeds => _feeds;

    /// <summary>An SSE comment written right after the preamble (e.g. that a resume was not exact); ignored by SSE parsers.</summary>
    public string? Notice { get; init; }

    public long EventsWritten { get; private set; }

    /// <summary>Bytes handed to the transport (every flush), preamble and comments included.</summary>
    public long BytesFlushed => _bytesFlushed;

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>How to cut the connection without waiting for its writes (the HTTP connection's abort).</summary>
    public void OnAbort(Action abort) => _abort = abort;

    /// <summary>True once <see cref="AbortAsTooSlow"/> cut this connection.</summary>
    public bool AbortedAsTooSlow => Volatile.Read(ref _abortedAsTooSlow) == 1;

    /// <summary>
    /// Whether the client is too slow to keep: a live partition's feed overwrote events it still
    /// needs, or the next event it has to write arrived more than <paramref name="maxLag"/> ago
    /// (a flush waiting on a full socket never gets to look at the feed, which is why a sweep asks
    /// from outside). What it wrote and its client has not read yet is bounded by the socket's
    /// send buffer and Kestrel's, a few seconds of a busy stream. A partition still reading
    /// history sets its own pace and is only judged once live.
    /// </summary>
    public bool IsTooSlow(TimeSpan maxLag)
    {
        foreach (var cursor in _partitions)
        {
            if (cursor.CatchingUp)
            {
                continue;
            }
            var feed = cursor.Feed;
            var sequence = cursor.Sequence;
            if (feed.Head - sequence > feed.Capacity)
            {
                return true;
            }
            if (sequence < feed.Head && feed.TryGet(sequence, out var next) && _time.GetElapsedTime(next.AppendedAt) > maxLag)
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>Cuts the connection at once, whatever it is waiting for; its client resumes with its last id.</summary>
    public void AbortAsTooSlow()
    {
        if (Interlocked.Exchange(ref _abortedAsTooSlow, 1) == 0)
        {
            try
            {
                _abort?.Invoke();
            }
            catch (ObjectDisposedException)
            {
                // The request ended between the sweep's look and this cut (its HttpContext is
                // already recycled): nothing is left to cut. Escaping, it would stop the host.
            }
            Wake();
        }
    }

    /// <summary>True once <see cref="EndForDrain"/> asked this connection to end.</summary>
    public bool EndRequested => Volatile.Read(ref _endRequested) == 1;

    /// <summary>
    /// Ends the stream cleanly at its next wake-up, after what it has written so far (the node is
    /// draining): the response completes normally and the client reconnects with its last id.
    /// </summary>
    public void EndForDrain()
    {
        if (Interlocked.Exchange(ref _endRequested, 1) == 0)
        {
            Wake();
        }
    }

    /// <summary>Asks for a heartbeat comment if nothing was written since the last one (SSE only).</summary>
    public void RequestHeartbeat()
    {
        Interlocked.Exchange(ref _heartbeatDue, 1);
        Wake();
    }

    /// <summary>
    /// Starts live cursors at the feed's head (the live end), each partition without an id entry
    /// of its own taking the feed's position there, and listens for growth.
    /// </summary>
    public void Attach()
    {
        for (var i = 0; i < _partitions.Length; i++)
        {
            var partition = _partitions[i];
            if (!partition.CatchingUp)
            {
                var join = partition.Feed.Join();
                partition.GoLive(join.Sequence, join.Generation);
                if (_idEntries[i].Length == 0)
                {
                    _idEntries[i] = join.IdEntry;
                }
            }
            partition.Feed.AddListener(this);
        }
    }

    public void Detach()
    {
        foreach (var feed in _feeds)
        {
            feed.RemoveListener(this);
        }
    }

    /// <summary>Streams until the client goes away, falls too far behind, or the token fires.</summary>
    public async Task<StreamEnd> RunAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        try
        {
            return await StreamAsync(writer, cancellationToken);
        }
        finally
        {
            ReportDelivered();
        }
    }

    private async Task<StreamEnd> StreamAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        _packer.Start(writer);
        writer.Write(_format == StreamFormat.ServerSentEvents ? FrameWriter.SsePreamble : FrameWriter.NdjsonPreamble);
        if (Notice is { } notice && _format == StreamFormat.ServerSentEvents)
        {
            writer.Write(FrameWriter.Comment(notice));
        }
        if ((await FlushAsync(writer, cancellationToken)).IsCompleted)
        {
            return StreamEnd.ClientGone;
        }
        // One registration for the connection's life instead of one per wait and per flush
        // (CancellationTokenSource.Register showed up in the P1 profile): cancelling wakes the loop,
        // which then throws. A flush never hangs on a client that stopped reading: Kestrel's minimum
        // response data rate aborts it, and the aborted flush completes.
        using var wakeOnCancel = cancellationToken.UnsafeRegister(static self => ((StreamConnection)self!).Wake(), this);
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (AbortedAsTooSlow)
            {
                return StreamEnd.TooSlow;
            }
            if (EndRequested)
            {
                // A filtered client's last position goes with it, so it resumes past what it skipped.
                if (_positionUnsent && _format == StreamFormat.ServerSentEvents)
                {
                    FrameWriter.WritePosition(writer, _idEntries);
                    await FlushAsync(writer, CancellationToken.None);
                }
                return StreamEnd.Drained;
            }
            _wake.Reader.TryRead(out _);
            for (var i = 0; i < _partitions.Length; i++)
            {
                var end = _partitions[i].CatchingUp ? await CatchUpAsync(writer, i, cancellationToken) : null;
                end ??= _partitions[i].CatchingUp ? null : await DrainLiveAsync(writer, i, cancellationToken);
                if (end is not null)
                {
                    return end.Value;
                }
            }
            if (Interlocked.Exchange(ref _heartbeatDue, 0) == 1 && _format == StreamFormat.ServerSentEvents)
            {
                if (_positionUnsent)
                {
                    // An id with no data: EventSource takes the id as its Last-Event-ID and fires no
                    // event, so a filtered client that reconnects does not read again what it skipped.
                    FrameWriter.WritePosition(writer, _idEntries);
                    _positionUnsent = false;
                }
                else if (!_wroteSinceHeartbeat)
                {
                    writer.Write(FrameWriter.Heartbeat);
                }
            }
            _wroteSinceHeartbeat = false;
            if (writer.UnflushedBytes > 0 && (await FlushAsync(writer, cancellationToken)).IsCompleted)
            {
                return StreamEnd.ClientGone;
            }
            ReportDelivered();
            await _wake.Reader.WaitToReadAsync(CancellationToken.None);
        }
    }

    private ValueTask<FlushResult> FlushAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        _bytesFlushed += writer.UnflushedBytes;
        // Only the preamble's flush may be cancelled; see the registration in StreamAsync.
        return writer.FlushAsync(cancellationToken.IsCancellationRequested ? cancellationToken : CancellationToken.None);
    }

    /// <summary>Adds what was delivered since the last report to the node's counters: once per wake-up, not per event.</summary>
    private void ReportDelivered()
    {
        if (EventsWritten > _eventsReported)
        {
            GatewayMetrics.EventsDelivered.Inc(EventsWritten - _eventsReported);
            _eventsReported = EventsWritten;
        }
        if (_bytesFlushed > _bytesReported)
        {
            GatewayMetrics.BytesDelivered.Inc(_bytesFlushed - _bytesReported);
            _bytesReported = _bytesFlushed;
        }
    }

    /// <summary>Writes every event partition i is missing, packed several frames per block (<see cref="FramePacker"/>).</summary>
    private async ValueTask<StreamEnd?> DrainLiveAsync(PipeWriter writer, int i, CancellationToken cancellationToken)
    {
        var cursor = _partitions[i];
        var feed = cursor.Feed;
        if (feed.Generation != cursor.Generation)
        {
            return StreamEnd.FeedReset;
        }
        // Read the head first: every entry below it is in the ring and, for a filter's slot, in its matches.
        var head = feed.Head;
        var sse = _format == StreamFormat.ServerSentEvents;
        var others = sse ? FrameWriter.OtherEntriesLength(_idEntries, i) : 0;
        var minOffset = cursor.NextOffset;
        try
        {
            if (cursor.Filter is { SlotMatches: { } matches } shared && cursor.Sequence >= shared.ValidFrom)
            {
                return await DrainMatchesAsync(writer, i, matches, head, others, sse, cancellationToken);
            }
            for (; cursor.Sequence < head; cursor.Sequence++)
            {
                // The ring may have wrapped since the connection last looked: then this client is too slow.
                if (!feed.TryGet(cursor.Sequence, out var entry))
                {
                    return StreamEnd.TooSlow;
                }
                // After a catch-up, the feed may still hold events the history already gave us.
                if (entry.Offset < minOffset)
                {
                    continue;
                }
                if (cursor.Filter is { } filter && !filter.Matches(entry))
                {
                    // Filtered out, but the id moves past it, so a resume does not read it again.
                    _idEntries[i] = entry.IdEntry;
                    _positionUnsent = sse;
                    continue;
                }
                var length = LiveFrameLength(entry, others, sse);
                if (!_packer.Fits(length) && await CommitAndFlushIfDueAsync(writer, cancellationToken))
                {
                    return StreamEnd.ClientGone;
                }
                PutLive(i, entry, length, sse);
            }
        }
        finally
        {
            _packer.Commit();
        }
        return null;
    }

    /// <summary>
    /// A filtered partition whose filter has a slot: visits only the entries the slot matched
    /// (<see cref="FilterMatches"/>), then moves its id to the newest entry below the head, so the
    /// events left out still advance the position. The caller commits the packer.
    /// </summary>
    private async ValueTask<StreamEnd?> DrainMatchesAsync(PipeWriter writer, int i, FilterMatches matches, long head, int others, bool sse,
        CancellationToken cancellationToken)
    {
        var cursor = _partitions[i];
        var feed = cursor.Feed;
        if (cursor.Sequence >= head)
        {
            return null;
        }
        if (cursor.MatchIndex < 0)
        {
            cursor.MatchIndex = matches.FirstAtOrAfter(cursor.Sequence);
        }
        var lastWritten = -1L;
        for (; cursor.MatchIndex < matches.Count; cursor.MatchIndex++)
        {
            if (!matches.TryGet(cursor.MatchIndex, out var sequence))
            {
                return StreamEnd.TooSlow;
            }
            if (sequence >= head)
            {
                break; // appended after the head was read: the next wake-up
            }
            if (!feed.TryGet(sequence, out var entry))
            {
                return StreamEnd.TooSlow;
            }
            cursor.Sequence = sequence;
            if (entry.Offset < cursor.NextOffset)
            {
                continue;
            }
            var length = LiveFrameLength(entry, others, sse);
            if (!_packer.Fits(length) && await CommitAndFlushIfDueAsync(writer, cancellationToken))
            {
                return StreamEnd.ClientGone;
            }
            PutLive(i, entry, length, sse);
            lastWritten = sequence;
        }
        if (lastWritten != head - 1 && feed.TryGet(head - 1, out var newest) && newest.Offset >= cursor.NextOffset)
        {
            _idEntries[i] = newest.IdEntry;
            _positionUnsent = sse;
        }
        cursor.Sequence = head;
        return null;
    }

    private int LiveFrameLength(FeedEntry entry, int others, bool sse) =>
        sse ? FrameWriter.SseMessageLength(others, _idEntries.Length, entry.IdEntry.Length, entry.Data.Length) : entry.Data.Length + 1;

    /// <summary>Packs one live event (the packer has room for <paramref name="length"/>).</summary>
    private void PutLive(int i, FeedEntry entry, int length, bool sse)
    {
        if (sse)
        {
            _idEntries[i] = entry.IdEntry;
            _packer.Wrote(FrameWriter.PutSse(_packer.Reserve(length), "message"u8, _idEntries, entry.Data));
            _positionUnsent = false;
        }
        else
        {
            _packer.Wrote(FrameWriter.PutNdjson(_packer.Reserve(length), entry.Data));
        }
        EventsWritten++;
        _wroteSinceHeartbeat = true;
    }

    /// <summary>Commits the packed block and flushes when enough is unflushed; true when the client is gone.</summary>
    private async ValueTask<bool> CommitAndFlushIfDueAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        _packer.Commit();
        return writer.UnflushedBytes >= _flushThreshold && (await FlushAsync(writer, cancellationToken)).IsCompleted;
    }

    /// <summary>
    /// Reads history for partition i until the feed covers the next offset, one read in flight
    /// at a time (the next read starts before this batch is written, to overlap the two).
    /// </summary>
    private async ValueTask<StreamEnd?> CatchUpAsync(PipeWriter writer, int i, CancellationToken cancellationToken)
    {
        var cursor = _partitions[i];
        var feed = cursor.Feed;
        while (true)
        {
            if (feed.TryFindStart(cursor.NextOffset, out var sequence, out var generation))
            {
                cursor.GoLive(sequence, generation);
                return null;
            }
            cursor.Read ??= ReadAndWakeAsync(feed, cursor.NextOffset);
            if (!cursor.Read.IsCompleted)
            {
                return null; // the read wakes us when it lands
            }
            EventBatch batch;
            try
            {
                batch = await cursor.Read;
            }
            catch (Exception e)
            {
                WriteError(writer, "HistoryReadError", $"Reading {feed.Topic}/{feed.Partition} from offset {cursor.NextOffset} failed: {e.Message}");
                return StreamEnd.Error;
            }
            var from = cursor.NextOffset;
            cursor.NextOffset = Math.Max(from, batch.NextOffset);
            cursor.Read = feed.TryFindStart(cursor.NextOffset, out _, out _) ? null : ReadAndWakeAsync(feed, cursor.NextOffset);
            if (await WriteHistoryAsync(writer, i, batch, from, cancellationToken))
            {
                return StreamEnd.ClientGone;
            }
        }
    }

    /// <summary>
    /// Writes a history batch's events from <paramref name="from"/> on, packed as live frames are.
    /// Each frame's own id entry is written in place; the partition's entry is allocated once, for
    /// the batch's last event. True when the client is gone.
    /// </summary>
    private async ValueTask<bool> WriteHistoryAsync(PipeWriter writer, int i, EventBatch batch, long from, CancellationToken cancellationToken)
    {
        var prefix = _partitions[i].Feed.IdPrefix;
        var filter = _partitions[i].Filter?.Filter;
        var sse = _format == StreamFormat.ServerSentEvents;
        var others = sse ? FrameWriter.OtherEntriesLength(_idEntries, i) : 0;
        EncodedEvent? last = null;
        try
        {
            foreach (var e in batch.Events)
            {
                if (e.Offset < from)
                {
                    continue;
                }
                last = e;
                if (filter is not null && !filter.Matches(e.Data))
                {
                    _positionUnsent = sse; // the id moves past it (set after the batch)
                    continue;
                }
                var suffixLength = sse ? IdEntries.PutAfterMessageSuffix(_idSuffix, e.Timestamp, e.Offset) : 0;
                var length = sse ? FrameWriter.SseMessageLength(others, _idEntries.Length, prefix.Length + suffixLength, e.Data.Length) : e.Data.Length + 1;
                if (!_packer.Fits(length) && await CommitAndFlushIfDueAsync(writer, cancellationToken))
                {
                    return true;
                }
                _packer.Wrote(sse
                    ? FrameWriter.PutSse(_packer.Reserve(length), "message"u8, _idEntries, i, prefix, _idSuffix.AsSpan(0, suffixLength), e.Data)
                    : FrameWriter.PutNdjson(_packer.Reserve(length), e.Data));
                _positionUnsent = false;
                EventsWritten++;
                _wroteSinceHeartbeat = true;
            }
        }
        finally
        {
            _packer.Commit();
            if (sse && last is { } delivered)
            {
                _idEntries[i] = IdEntries.AfterMessage(prefix, delivered.Timestamp, delivered.Offset);
            }
        }
        return writer.UnflushedBytes >= _flushThreshold && (await FlushAsync(writer, cancellationToken)).IsCompleted;
    }

    private Task<EventBatch> ReadAndWakeAsync(PartitionFeed feed, long fromOffset)
    {
        var read = _history.ReadAsync(feed.Topic, feed.Partition, fromOffset);
        // Wake only once the task is complete, so the loop that wakes sees IsCompleted.
        read.ContinueWith(static (_, self) => ((StreamConnection)self!).Wake(), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        return read;
    }

    /// <summary>An error after the 200: `event: error` with the current ids (NDJSON: a plain line); the caller then ends the response.</summary>
    private void WriteError(PipeWriter writer, string name, string message)
    {
        var json = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { message, name, origin = "EventStreams" }));
        if (_format == StreamFormat.NewlineDelimitedJson)
        {
            FrameWriter.WriteNdjson(writer, json);
            return;
        }
        FrameWriter.WriteSse(writer, "error"u8, _idEntries, json);
    }
}
