namespace EventStreams.Gateway.Streaming;

/// <summary>
/// One partition of a connection: its feed, the id entry to show until it delivers, and the
/// offset to start from (null: the live end).
/// </summary>
internal sealed record ConnectionPartition(PartitionFeed Feed, byte[] InitialIdEntry, long? StartOffset);
