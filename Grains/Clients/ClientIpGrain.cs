using EventStreams.Grains.Interfaces.Clients;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.Clients;

/// <summary>
/// Counts one client IP's open connections across gateways. Every method is synchronous
/// inside the grain and the grain is not reentrant, so each acquire is checked against all
/// slots granted before it: racing connects on different gateways cannot over-admit.
/// Expired gateways are dropped lazily, before anything is counted; no timer is needed.
/// State is in memory only: if the activation is lost, the gateways' next renewals rebuild it.
/// </summary>
[CollectionAgeLimit(Minutes = IdleMinutes)]
public sealed class ClientIpGrain(ILogger<ClientIpGrain> logger) : Grain, IClientIpGrain
{
    // An IP with no open connections keeps nothing worth keeping; live ones are touched every renewal.
    private const int IdleMinutes = 2;

    private readonly Dictionary<Guid, GatewaySlots> _gateways = [];

    public Task<bool> TryAcquire(GatewayLease gateway, Guid connectionId)
    {
        var now = DateTime.UtcNow;
        DropExpired(now);
        var slots = Extend(gateway, now);
        if (slots.Connections.Contains(connectionId))
        {
            return Task.FromResult(true);
        }
        if (Count() >= gateway.Limit)
        {
            return Task.FromResult(false);
        }
        slots.Connections.Add(connectionId);
        return Task.FromResult(true);
    }

    public Task Release(Guid gatewayId, Guid connectionId)
    {
        if (_gateways.TryGetValue(gatewayId, out var slots) && slots.Connections.Remove(connectionId) && slots.Connections.Count == 0)
        {
            _gateways.Remove(gatewayId);
        }
        return Task.CompletedTask;
    }

    public Task Renew(GatewayLease gateway, Guid[] connectionIds)
    {
        var now = DateTime.UtcNow;
        DropExpired(now);
        var slots = Extend(gateway, now);
        var live = connectionIds.ToHashSet();
        var dropped = slots.Connections.RemoveWhere(c => !live.Contains(c));
        // Restoring is what rebuilds a lost activation; it respects the limit like any acquire,
        // so a renewal that races an acquire for the same connection cannot over-admit either.
        var restored = 0;
        foreach (var connection in connectionIds)
        {
            if (Count() >= gateway.Limit)
            {
                break;
            }
            if (slots.Connections.Add(connection))
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
            _gateways.Remove(gateway.GatewayId);
        }
        return Task.CompletedTask;
    }

    public Task<int> CountOpen()
    {
        DropExpired(DateTime.UtcNow);
        return Task.FromResult(Count());
    }

    private GatewaySlots Extend(GatewayLease gateway, DateTime now)
    {
        if (!_gateways.TryGetValue(gateway.GatewayId, out var slots))
        {
            slots = new GatewaySlots();
            _gateways[gateway.GatewayId] = slots;
        }
        slots.ExpiresAt = now + gateway.Duration;
        return slots;
    }

    private int Count()
    {
        var count = 0;
        foreach (var slots in _gateways.Values)
        {
            count += slots.Connections.Count;
        }
        return count;
    }

    private void DropExpired(DateTime now)
    {
        foreach (var (gatewayId, slots) in _gateways)
        {
            if (slots.ExpiresAt <= now || slots.Connections.Count == 0)
            {
                _gateways.Remove(gatewayId);
                if (slots.Connections.Count > 0)
                {
                    logger.LogInformation("Reclaimed {Slots} connection slots of client IP {ClientIp} from gateway {GatewayId}, whose lease expired",
                        slots.Connections.Count, this.GetPrimaryKeyString(), gatewayId);
                }
            }
        }
    }
}
