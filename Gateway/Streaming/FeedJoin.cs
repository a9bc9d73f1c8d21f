namespace EventStreams.Gateway.Streaming;

/// <summary>Where a live connection starts reading a feed (see <see cref="PartitionFeed.Join"/>).</summary>
internal readonly record struct FeedJoin(long Sequence, byte[] IdEntry, int Generation);
