namespace EventStreams.Grains.Interfaces.Clients;

/// <summary>
/// The terms under which one gateway node holds connection slots in a <see cref="IClientIpGrain"/>:
/// who it is, the per-IP limit it enforces, and how long its slots live without a renewal.
/// The gateway sends them with every call, so silos need no copy of the gateway's configuration.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record GatewayLease(
    [property: Id(0)] Guid GatewayId,
    [property: Id(1)] int Limit,
    [property: Id(2)] TimeSpan Duration);
