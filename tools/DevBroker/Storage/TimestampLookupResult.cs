namespace EventStreams.DevBroker.Storage;

/// <summary>An offset found by timestamp, or (-1, -1) when no record qualifies.</summary>
internal readonly record struct TimestampLookupResult(long Offset, long Timestamp)
{
    public static TimestampLookupResult NotFound { get; } = new(-1, -1);
}
