namespace EventStreams.Grains.Interfaces.History;

/// <summary>
/// Where a client wants a partition to start. Offset -1 is the live end, -2 the beginning.
/// With both an offset and a timestamp (the ids this service issues), the offset wins when
/// the message before it carries timestamp - 1 in this cluster; otherwise the timestamp is used.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StartRequest(
    [property: Id(0)] long? Offset,
    [property: Id(1)] long? Timestamp);
