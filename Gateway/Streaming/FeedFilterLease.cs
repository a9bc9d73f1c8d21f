using EventStreams.Gateway.Filtering;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// A connection's use of a filter on one feed: the filter's slot in each entry's match mask
/// (-1: none, the connection evaluates every event itself), valid for entries from sequence
/// <see cref="ValidFrom"/> on, and the slot's <see cref="SlotMatches"/> (null without a slot). Given
/// back with <see cref="PartitionFeed.ReleaseFilter"/>.
/// </summary>
internal sealed record FeedFilterLease(EventFilter Filter, int Slot, long ValidFrom, FilterMatches? SlotMatches)
{
    /// <summary>Whether the entry passes the filter: its shared bit when the feed evaluated it, else a parse of its own.</summary>
    public bool Matches(FeedEntry entry) =>
        Slot >= 0 && entry.Sequence >= ValidFrom
            ? (entry.Matches & (1UL << Slot)) != 0
            : Filter.Matches(entry.Data);
}
