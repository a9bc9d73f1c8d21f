namespace EventStreams.DevBroker.Records;

/// <summary>What the broker needs to know about one validated record batch.</summary>
/// <param name="Length">Total bytes of the batch including the offset and length fields.</param>
/// <param name="RecordCount">Number of records, which is how many offsets the batch takes.</param>
/// <param name="MaxTimestamp">Largest record timestamp (CreateTime) in the batch.</param>
internal readonly record struct RecordBatchInfo(int Length, int RecordCount, long MaxTimestamp, CompressionCodec Codec);
