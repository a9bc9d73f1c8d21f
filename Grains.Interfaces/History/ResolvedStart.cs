namespace EventStreams.Grains.Interfaces.History;

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
