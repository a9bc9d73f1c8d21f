namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>
/// What a subscriber is promised: every event at or after <see cref="FromOffset"/>, in order.
/// <see cref="Continued"/> is false when the grain did not know this subscriber (first
/// subscription, or after a failover or a drop): anything before FromOffset may be missing,
/// and a subscriber that expected an earlier offset fills the difference from history.
/// <see cref="PreviousTimestamp"/> is the timestamp of the message just before FromOffset when
/// the grain knows it, so that a partition that has delivered nothing yet still has an exact
/// position to put into ids. <see cref="OffsetsReset"/>: the offset the subscriber expected lies
/// beyond the end of the partition, whose offsets went back; it starts over at FromOffset.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Subscription(
    [property: Id(0)] long FromOffset,
    [property: Id(1)] bool Continued,
    [property: Id(2)] long? PreviousTimestamp = null,
    [property: Id(3)] bool OffsetsReset = false);
