namespace EventStreams.Grains.Interfaces.Topics;

/// <summary>What an operator (or a test) can see of one TopicGrain.</summary>
[GenerateSerializer, Immutable]
public sealed record TopicPartitionStatus(
    [property: Id(0)] string Topic,
    [property: Id(1)] int Partition,
    [property: Id(2)] int Subscribers,
    [property: Id(3)] bool Consuming,
    [property: Id(4)] long NextOffset,
    [property: Id(5)] long EventsDelivered,
    [property: Id(6)] long EventsSkipped);
