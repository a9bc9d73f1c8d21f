namespace EventStreams.Gateway.Api;

/// <summary>
/// A client's time (a `since`, or a Last-Event-ID element's "timestamp") as a partition's start:
/// the first message at or after it. No message is older than the epoch (Kafka refuses negative
/// CreateTimes), so a time before the epoch means the same as the epoch: the oldest message kept.
/// It is never passed on to Kafka as it is: negative timestamps are sentinels in Kafka's ListOffsets
/// (-1 the live end, -2 the beginning, -3 the newest timestamp) and brokers reject the others, which
/// answered 503 kafka_unavailable. Clients that want the live end or the beginning send offset -1 or -2.
/// </summary>
internal static class StartTime
{
    /// <summary>0 ms: 1970-01-01T00:00:00Z, at or before every message.</summary>
    public const long Epoch = 0;

    public static long AtOrAfterEpoch(long epochMilliseconds) => Math.Max(Epoch, epochMilliseconds);
}
