using EventStreams.Grains.Interfaces.Clients;
using EventStreams.Hosting.Cluster;
using Microsoft.Extensions.Logging;
using Orleans.Storage;

namespace EventStreams.Grains.Clients;

/// <summary>
/// Counts one client IP's open connections across gateways. Every method is synchronous
/// inside the grain and the grain is not reentrant, so each acquire is checked against all
/// slots granted before it: racing connects on different gateways cannot over-admit.
/// Expired gateways are dropped lazily, before anything is counted; no timer is needed.
/// The slots are stored (Redis in a Redis cluster) before an acquire answers yes, so an
/// activation lost with its silo comes back elsewhere with every slot: the limit holds across a
/// silo's crash. A write that finds the stored state changed by someone else (two activations
/// for a moment during a membership change) re-reads it and decides again.
/// </summary>
[CollectionAgeLimit(Minutes = IdleMinutes)]
internal sealed class ClientIpGrain(
    [PersistentState("slots", ClusterNames.ClientSlotsStorage)] IPersistentState<ClientSlotsState> state,
    TimeProvider time,
    ILogger<ClientIpGrain> logger) : Grain, IClientIpGrain
{
    // An IP with no open connections keeps nothing worth keeping; live ones are touched every renewal.
    private const int IdleMinutes = 2;

    // Optimistic concurrency: a conflicting write is retried against fresh state this many times.
    private const int MaxWriteAttempts = 3;

    private Dictionary<Guid, GatewaySlots> Gateways => state.State.Gateways;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // Renewals extend leases without a write (they would cost one per IP per gateway every
        // 15 s), so a stored expiry may be old. Give each recovered gateway one whole lease to renew.
        var now = time.GetUtcNow();
        foreach (var slots in Gateways.Values)
        {
            slots.ExpiresAt = Max(slots.ExpiresAt, now + slots.Lease);
        }
        if (Gateways.Count > 0)
        {
            logger.LogInformation("Client IP {ClientIp}: recovered {Slots} connection slots of {Gateways} gateways from storage",
                this.GetPrimaryKeyString(), Count(), Gateways.Count);
        }
        return Task.CompletedTask;
    }

    public Task<bool> TryAcquire(GatewayLease gateway, Guid connectionId, long sequence) => UpdateAsync(() =>
    {
        var now = time.GetUtcNow();
        var changed = DropExpired(now);
        var slots = Extend(gateway, now);
        if (slots.Connections.ContainsKey(connectionId))
        {
            return (true, changed);
        }
        if (Count() >= gateway.Limit)
        {
            return (false, changed);
        }
        slots.Connections[connectionId] = sequence;
        return (true, true);
    });

    public Task Release(Guid gatewayId, Guid connectionId) => UpdateAsync(() =>
    {
        var changed = Gateways.TryGetValue(gatewayId, out var slots) && slots.Connections.Remove(connectionId);
        if (changed && slots!.Connections.Count == 0)
        {
            Gateways.Remove(gatewayId);
        }
        return (true, changed);
    });

    public Task Renew(GatewayLease gateway, Guid[] connectionIds, long upToSequence) => UpdateAsync(() =>
    {
        var now = time.GetUtcNow();
        var expired = DropExpired(now);
        var slots = Extend(gateway, now);
        var live = connectionIds.ToHashSet();
        // Only slots the list could know of: one acquired after the gateway took its list is kept,
        // else a renewal that arrives after a newer connect would free that connection's slot.
        var stale = slots.Connections.Where(c => c.Value <= upToSequence && !live.Contains(c.Key)).Select(c => c.Key).ToArray();
        foreach (var connection in stale)
        {
            slots.Connections.Remove(connection);
        }
        var dropped = stale.Length;
        // Restoring is what rebuilds a lost activation; it respects the limit like any acquire,
        // so a renewal that races an acquire for the same connection cannot over-admit either.
        var restored = 0;
        foreach (var connection in connectionIds)
        {
            if (Count() >= gateway.Limit)
            {
                break;
            }
            if (slots.Connections.TryAdd(connection, upToSequence))
            {
                restored++;
            }
        }
        if (dropped > 0 || restored > 0)
        {
            logger.LogDebug("Renewal for client IP {ClientIp} from gateway {GatewayId}: {Dropped} slots dropped, {Restored} restored",
                this.GetPrimaryKeyString(), gateway.GatewayId, dropped, restored);
        }
        if (slots.Connections.Count == 0)
        {
            Gateways.Remove(gateway.GatewayId);
        }
        return (true, expired || dropped > 0 || restored > 0);
    });

    public Task<int> CountOpen()
    {
        DropExpired(time.GetUtcNow());
        return Task.FromResult(Count());
    }

    /// <summary>
    /// Applies <paramref name="change"/> and stores the state when it changed, before answering.
    /// A write conflict means the stored state moved on without us: reload and apply again.
    /// </summary>
    private async Task<T> UpdateAsync<T>(Func<(T Result, bool Changed)> change)
    {
        for (var attempt = 1; ; attempt++)
        {
            var (result, changed) = change();
            if (!changed)
            {
                return result;
            }
            try
            {
                await state.WriteStateAsync();
                return result;
            }
            catch (InconsistentStateException e) when (attempt < MaxWriteAttempts)
            {
                logger.LogWarning("Client IP {ClientIp}: the stored slots changed under this activation; re-reading them: {Error}",
                    this.GetPrimaryKeyString(), e.Message);
                await state.ReadStateAsync();
            }
            catch
            {
                // Nothing unstored may be granted: forget this activation's unsaved view.
                await state.ReadStateAsync();
                throw;
            }
        }
    }

    private GatewaySlots Extend(GatewayLease gateway, DateTimeOffset now)
    {
        if (!Gateways.TryGetValue(gateway.GatewayId, out var slots))
        {
            slots = new GatewaySlots();
            Gateways[gateway.GatewayId] = slots;
        }
        slots.ExpiresAt = now + gateway.Duration;
        slots.Lease = gateway.Duration;
        return slots;
    }

    private int Count()
    {
        var count = 0;
        foreach (var slots in Gateways.Values)
        {
            count += slots.Connections.Count;
        }
        return count;
    }

    private bool DropExpired(DateTimeOffset now)
    {
        var dropped = false;
        foreach (var (gatewayId, slots) in Gateways)
        {
            if (slots.ExpiresAt <= now || slots.Connections.Count == 0)
            {
                Gateways.Remove(gatewayId);
                dropped |= slots.Connections.Count > 0;
                if (slots.Connections.Count > 0)
                {
                    logger.LogInformation("Reclaimed {Slots} connection slots of client IP {ClientIp} from gateway {GatewayId}, whose lease expired",
                        slots.Connections.Count, this.GetPrimaryKeyString(), gatewayId);
                }
            }
        }
        return dropped;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
