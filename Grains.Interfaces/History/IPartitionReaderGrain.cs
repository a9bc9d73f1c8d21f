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
