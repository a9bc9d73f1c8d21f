using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// Where one connection is in one partition: catching up from history (<see cref="CatchingUp"/>,
/// reading from <see cref="NextOffset"/>), or live in the node's feed at <see cref="Sequence"/>
/// of the feed generation it joined. The connection's id entries live beside it, in one array,
/// because every SSE frame writes all of them.
/// </summary>
internal sealed class PartitionCursor(PartitionFeed feed, long? startOffset, FeedFilterLease? filter = null)
{
    public PartitionFeed Feed { get; } = feed;

    /// <summary>The connection's filter on this feed; null when unfiltered.</summary>
    public FeedFilterLease? Filter { get; } = filter;

    public bool CatchingUp { get; private set; } = startOffset is not null;

    /// <summary>Catch-up: the next offset to read from history. Live: events below it were already delivered from history.</summary>
    public long NextOffset { get; set; } = startOffset ?? -1;

    /// <summary>The history read in flight, one at a time.</summary>
    public Task<EventBatch>? Read { get; set; }

    /// <summary>Live: the feed sequence to read next.</summary>
    public long Sequence { get; set; }

    /// <summary>Live with a filter slot: the next index into the slot's matches; -1 until first used.</summary>
    public long MatchIndex { get; set; } = -1;

    /// <summary>The feed generation this cursor joined; a reset feed ends the connection.</summary>
    public int Generation { get; private set; }

    /// <summary>Joins the feed live at <paramref name="sequence"/> of <paramref name="generation"/>.</summary>
    public void GoLive(long sequence, int generation)
    {
        Sequence = sequence;
        MatchIndex = -1;
        Generation = generation;
        CatchingUp = false;
        Read = null;
    }
}
