namespace EventStreams.Gateway.Streaming;

/// <summary>
/// One event as this node holds it, shared by every connection: the client JSON and the
/// pre-encoded id entry ({"topic":…,"partition":…,"timestamp":ts+1,"offset":o+1}) that follows it.
/// The timestamp lets a resume be checked against the ring instead of Kafka (<see cref="StartResolver"/>).
/// </summary>
internal sealed class FeedEntry(long sequence, long offset, long timestamp, byte[] data, byte[] idEntry)
{
    public long Sequence { get; } = sequence;
    public long Offset { get; } = offset;
    public long Timestamp { get; } = timestamp;
    public byte[] Data { get; } = data;
    public byte[] IdEntry { get; } = idEntry;
}
