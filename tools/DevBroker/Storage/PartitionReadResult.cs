using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Storage;

/// <summary>The outcome of reading a partition for a fetch; the batches go into the caller's list.</summary>
internal readonly record struct PartitionReadResult(ErrorCode Error, long HighWatermark, long LogStartOffset, int Bytes);
