namespace EventStreams.DevBroker.Records;

/// <summary>One record's position within its batch and its timestamp.</summary>
internal readonly record struct RecordTimestamp(int OffsetDelta, long Timestamp);
