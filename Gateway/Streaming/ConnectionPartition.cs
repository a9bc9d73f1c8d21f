namespace EventStreams.Gateway.Streaming;

/// <summary>
/// One partition of a connection as planned: its feed, the id entry to show until it delivers
/// (null: the feed's position when the connection joins it), and the offset to start from
/// (null: the live end), and the connection's filter on the feed (null: unfiltered).
/// </summary>
internal sealed record ConnectionPartition(PartitionFeed Feed, byte[]? InitialIdEntry, long? StartOffset, FeedFilterLease? Filter = null);
