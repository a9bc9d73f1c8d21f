namespace EventStreams.Grains.Clients;

/// <summary>The slots one gateway holds for one client IP, valid until <see cref="ExpiresAt"/>.</summary>
internal sealed class GatewaySlots
{
    public HashSet<Guid> Connections { get; } = [];

    public DateTime ExpiresAt { get; set; }
}
