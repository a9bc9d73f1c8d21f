using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// One client connection: a cursor into each partition feed it reads and the current id
/// entry of each. It owns no event queue; its memory is bounded by the response buffer.
/// One async loop per connection, no thread: it sleeps until a feed grows, then writes
/// everything it is missing and flushes once, so a busy stream costs one send per wake-up.
/// </summary>
internal sealed class StreamConnection : IFeedListener
{
    private readonly PartitionFeed[] _feeds;
    private readonly long[] _cursors;
    private readonly byte[][] _idEntries;
    private readonly StreamFormat _format;
    private readonly int _flushThreshold;
    // Capacity 1 and DropWrite: any number of wake-ups while we write collapse into one.
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public StreamConnection(PartitionFeed[] feeds, StreamFormat format, int flushThreshold)
    {
        _feeds = feeds;
        _format = format;
        _flushThreshold = flushThreshold;
        _cursors = new long[feeds.Length];
        _idEntries = new byte[feeds.Length][];
        for (var i = 0; i < feeds.Length; i++)
        {
            _idEntries[i] = feeds[i].LatestIdEntry;
        }
    }

    public IReadOnlyList<PartitionFeed> Feeds => _feeds;

    public long EventsWritten { get; private set; }

    public void Wake() => _wake.Writer.TryWrite(true);

    /// <summary>Starts every cursor at the feed's head (the live end) and listens for growth.</summary>
    public void Attach()
    {
        for (var i = 0; i < _feeds.Length; i++)
        {
            _cursors[i] = _feeds[i].Head;
            _feeds[i].AddListener(this);
        }
    }

    public void Detach()
    {
        foreach (var feed in _feeds)
        {
            feed.RemoveListener(this);
        }
    }

    /// <summary>Streams until the client goes away or falls too far behind.</summary>
    public async Task<StreamEnd> RunAsync(PipeWriter writer, CancellationToken cancellationToken)
    {
        writer.Write(_format == StreamFormat.ServerSentEvents ? FrameWriter.SsePreamble : FrameWriter.NdjsonPreamble);
        if ((await writer.FlushAsync(cancellationToken)).IsCompleted)
        {
            return StreamEnd.ClientGone;
        }
        while (!cancellationToken.IsCancellationRequested)
        {
            _wake.Reader.TryRead(out _);
            for (var i = 0; i < _feeds.Length; i++)
            {
                var feed = _feeds[i];
                var head = feed.Head;
                while (_cursors[i] < head)
                {
                    if (!feed.TryGet(_cursors[i], out var entry))
                    {
                        return StreamEnd.TooSlow;
                    }
                    WriteEvent(writer, i, entry);
                    _cursors[i]++;
                    if (writer.UnflushedBytes >= _flushThreshold && (await writer.FlushAsync(cancellationToken)).IsCompleted)
                    {
                        return StreamEnd.ClientGone;
                    }
                }
            }
            if (writer.UnflushedBytes > 0 && (await writer.FlushAsync(cancellationToken)).IsCompleted)
            {
                return StreamEnd.ClientGone;
            }
            await _wake.Reader.WaitToReadAsync(cancellationToken);
        }
        return StreamEnd.ClientGone;
    }

    private void WriteEvent(PipeWriter writer, int feedIndex, FeedEntry entry)
    {
        EventsWritten++;
        if (_format == StreamFormat.NewlineDelimitedJson)
        {
            FrameWriter.WriteNdjson(writer, entry.Data);
            return;
        }
        _idEntries[feedIndex] = entry.IdEntry;
        FrameWriter.WriteSse(writer, _idEntries, entry.Data);
    }
}

internal enum StreamEnd
{
    ClientGone,
    TooSlow,
}
