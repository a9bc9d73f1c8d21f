using EventStreams.Grains.Interfaces.History;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// Where a resuming connection starts. An id this service issued names an offset and the
/// timestamp of the message before it; when this node's feed still holds that message, the check
/// that the id comes from this Kafka cluster is made against the ring, with no call at all.
/// Everything else goes to the partition readers. Why: after a gateway dies, all of its clients
/// resume at once on the others, from about the same place; asking Kafka for each of them (a
/// watermark query and a fetch per partition, ~85 ms, two readers per partition and silo) queued
/// 1,000 clients × 4 partitions for 42 s in bench C2, and a quarter of them timed out.
/// </summary>
internal sealed class StartResolver(IHistorySource history)
{
    public Task<ResolvedStart> ResolveAsync(PartitionFeed feed, StartRequest start)
    {
        if (start is { Offset: { } offset, Timestamp: { } timestamp } && offset > 0
            && feed.TryFindOffset(offset - 1, out var previous) && previous.Timestamp == timestamp - 1)
        {
            return Task.FromResult(new ResolvedStart(offset));
        }
        return history.ResolveStartAsync(feed.Topic, feed.Partition, start);
    }
}
