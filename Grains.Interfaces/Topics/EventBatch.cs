namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>
/// Consecutive events of one topic-partition, in offset order. <see cref="NextOffset"/> is the
/// consumer's position after the batch: messages below it that are not in <see cref="Events"/>
/// were skipped (not JSON objects), so a reader can tell a gap from a skip.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EventBatch(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] EncodedEvent[] Events,
    [property: Id(3)] long NextOffset);

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
