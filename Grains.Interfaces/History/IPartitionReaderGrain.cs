using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Grains.Interfaces.History;

/// <summary>
/// Reads a partition's history for connections that start before the live feed: playback
/// with `since`, and resume with Last-Event-ID. A stateless worker keyed by (partition, topic):
/// a silo holds at most a couple of activations per partition, each with one reusable
/// consumer, however many clients catch up; they never touch the live consumer.
/// </summary>
public interface IPartitionReaderGrain : IGrainWithIntegerCompoundKey
{
    /// <summary>Turns a requested start into an offset in this cluster (see <see cref="StartRequest"/>), and says whether it honours the request exactly.</summary>
    Task<ResolvedStart> ResolveStart(StartRequest request);

    /// <summary>Decoded events from <paramref name="fromOffset"/> on: the next chunk, as many as are at hand up to the reader's bound (about 1 MB).</summary>
    Task<EventBatch> Read(long fromOffset);
}

/// <summary>
/// Where a partition starts, and whether that is exactly what was asked for. <see cref="Inexact"/>
/// names why not: <c>timestamp</c> (an id's offset did not match this cluster, so its timestamp
/// was used: another cluster's id, or offsets that went back), <c>retention</c> (what was asked
/// for is older than what Kafka keeps: the oldest kept message), <c>beyond-end</c> (an offset
/// past the end: the live end). Null when exact.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ResolvedStart(
    [property: Id(0)] long Offset,
    [property: Id(1)] string? Inexact = null);

/// <summary>
/// Where a client wants a partition to start. Offset -1 is the live end, -2 the beginning.
/// With both an offset and a timestamp (the ids this service issues), the offset wins when
/// the message before it carries timestamp - 1 in this cluster; otherwise the timestamp is used.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StartRequest(
    [property: Id(0)] long? Offset,
    [property: Id(1)] long? Timestamp);
