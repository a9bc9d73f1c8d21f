namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>
/// What an operator (or a test) can see of one TopicGrain. <see cref="HighWatermark"/> is the
/// consumer's last sample (every TopicGrain:MetricsInterval, without a broker request) or its
/// position when that is further; <see cref="Lag"/> is how far the position is behind it; both
/// are -1 before the first sample. <see cref="EventsPerSecond"/> is the rate of events passed to
/// subscribers over the last 10 s; <see cref="Silo"/> is the address of the silo holding the activation.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record TopicPartitionStatus(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] int Subscribers,
    [property: Id(3)] bool Consuming,
    [property: Id(4)] long NextOffset,
    [property: Id(5)] long EventsDelivered,
    [property: Id(6)] long EventsSkipped,
    [property: Id(7)] long HighWatermark,
    [property: Id(8)] long Lag,
    [property: Id(9)] double EventsPerSecond,
    [property: Id(10)] string Silo);
