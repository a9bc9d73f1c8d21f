namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>
/// Consecutive events of one topic-partition, in offset order: everything the consumer read from
/// <see cref="FromOffset"/> up to <see cref="NextOffset"/>. Offsets in that range that are not in
/// <see cref="Events"/> were skipped (not JSON objects). Because each batch says where it starts,
/// a receiver can tell a gap (this batch starts after the last one ended) from a skip, and fill
/// the gap from history: that is what keeps a live connection exact across a failover.
/// A batch without events is a keep-alive that carries the position. <see cref="OffsetsReset"/>
/// says the partition's offsets went back (the topic was recreated, a broker came back empty, an
/// unclean leader election truncated it): whatever a receiver knows of offsets before is void.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventBatch(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(4)] long FromOffset,
    [property: Id(2)] EncodedEvent[] Events,
    [property: Id(3)] long NextOffset,
    [property: Id(5)] bool OffsetsReset = false);

/// <summary>
/// One Kafka message after decoding: <see cref="Data"/> is the compact JSON sent to
/// clients (meta.topic/partition/offset added). It is encoded once in the cluster and
/// the same bytes are shared by every connection.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EncodedEvent(
    [property: Id(0)] long Offset,
    [property: Id(1)] long Timestamp,
    [property: Id(2)] byte[] Data);
