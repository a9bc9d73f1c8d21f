namespace EventStreams.Grains.Clients;

/// <summary>
/// What a <see cref="ClientIpGrain"/> keeps in grain storage: the open connections of one client
/// IP per gateway. In a Redis cluster it lives in Redis, so an activation that comes back on
/// another silo after a crash starts with every slot still counted.
/// </summary>
[GenerateSerializer]
public sealed class ClientSlotsState
{
    [Id(0)]
    public Dictionary<Guid, GatewaySlots> Gateways { get; set; } = [];
}

/// <summary>The slots one gateway holds for one client IP, valid until <see cref="ExpiresAt"/>.</summary>
[GenerateSerializer]
public sealed class GatewaySlots
{
    /// <summary>Each open connection with the gateway's acquire number for it.</summary>
    [Id(0)]
    public Dictionary<Guid, long> Connections { get; set; } = [];

    [Id(1)]
    public DateTimeOffset ExpiresAt { get; set; }

    /// <summary>The gateway's lease length, so a recovered activation can grant it one whole lease to renew in.</summary>
    [Id(2)]
    public TimeSpan Lease { get; set; }
}
