namespace EventStreams.Gateway.Streaming;

/// <summary>
/// One event as this node holds it, shared by every connection: the client JSON and the
/// pre-encoded id entry ({"topic":…,"partition":…,"timestamp":ts+1,"offset":o+1}) that follows it.
/// The timestamp lets a resume be checked against the ring instead of Kafka (<see cref="StartResolver"/>);
/// <see cref="AppendedAt"/> (a <see cref="TimeProvider"/> timestamp) tells how long a connection
/// that still has to write this event has been behind.
/// </summary>
internal sealed class FeedEntry(long sequence, long offset, long timestamp, long appendedAt, byte[] data, byte[] idEntry, ulong matches = 0)
{
    public long AppendedAt { get; } = appendedAt;
    public long Sequence { get; } = sequence;
    public long Offset { get; } = offset;
    public long Timestamp { get; } = timestamp;
    public byte[] Data { get; } = data;
    public byte[] IdEntry { get; } = idEntry;

    /// <summary>Which of the feed's filters this event passes, one bit per slot (<see cref="FeedFilters"/>).</summary>
    public ulong Matches { get; } = matches;
}
