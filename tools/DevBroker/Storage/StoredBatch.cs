namespace EventStreams.DevBroker.Storage;

/// <summary>
/// One record batch as kept in memory: the producer's bytes with the base offset rewritten,
/// so a fetch can send them back unchanged.
/// </summary>
/// <param name="RunningMaxTimestamp">
/// The largest MaxTimestamp of this batch and every batch appended before it. It never decreases
/// along the log, which lets timestamp lookups binary-search instead of scanning every batch.
/// </param>
internal sealed record StoredBatch(long BaseOffset, int RecordCount, long MaxTimestamp, long RunningMaxTimestamp, byte[] Data)
{
    public long NextOffset => BaseOffset + RecordCount;
}
