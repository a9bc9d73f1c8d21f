namespace EventStreams.Grains.Interfaces.Clients;

/// <summary>
/// The open connections of one client IP across every gateway node, keyed by the IP
/// (the X-Client-IP header). A grain handles one call at a time, so an acquire sees every
/// earlier acquire and release: the limit holds exactly however connects race.
/// Slots belong to a gateway and expire unless that gateway calls again within its lease,
/// so the slots of a gateway that dies are reclaimed without anyone releasing them.
/// </summary>
public interface IClientIpGrain : IGrainWithStringKey
{
    /// <summary>
    /// Takes a slot for one connection if the IP holds fewer than <see cref="GatewayLease.Limit"/>.
    /// Extends the gateway's lease. Asking again for a connection that already has a slot returns true.
    /// <paramref name="sequence"/> is the gateway's running number of this acquire (see <see cref="Renew"/>).
    /// </summary>
    Task<bool> TryAcquire(GatewayLease gateway, Guid connectionId, long sequence);

    /// <summary>Gives a connection's slot back. Releasing twice, or a slot that expired, is harmless.</summary>
    Task Release(Guid gatewayId, Guid connectionId);

    /// <summary>
    /// The gateway's periodic renewal: its slots for this IP become the listed connections
    /// (dropping any it no longer has, restoring any this activation forgot, never more than the
    /// limit allows), and its lease is extended. The list is what the gateway held when its
    /// acquire numbers had reached <paramref name="upToSequence"/>: slots acquired after that
    /// (a renewal overtaken by a newer connect) are kept, not dropped.
    /// </summary>
    Task Renew(GatewayLease gateway, Guid[] connectionIds, long upToSequence);

    /// <summary>Open connections of this IP across all gateways whose lease is current.</summary>
    Task<int> CountOpen();
}
