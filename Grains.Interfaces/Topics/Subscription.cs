namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>
/// What a subscriber is promised: every event at or after <see cref="FromOffset"/>, in order.
/// <see cref="Continued"/> is false when the grain did not know this subscriber (first
/// subscription, or after a failover or a drop): anything before FromOffset may be missing.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record Subscription(
    [property: Id(0)] long FromOffset,
    [property: Id(1)] bool Continued);
