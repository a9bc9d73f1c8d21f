using EventStreams.Gateway.Hosting;
using EventStreams.Grains.Interfaces.Clients;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Clients;

/// <summary>
/// This gateway node's side of the per-IP limit: the slots it holds in each client IP's
/// <see cref="IClientIpGrain"/>, and the renewal that keeps them alive. Renewal is batched:
/// one call per client IP per interval, carrying all of this node's connections for that IP,
/// so a node that dies simply stops renewing and its slots expire with its lease.
/// </summary>
internal sealed class ClientSlots(
    IGrainFactory grains,
    ClusterConnection cluster,
    TimeProvider time,
    IOptions<ConnectionLimitOptions> options,
    ILogger<ClientSlots> logger) : BackgroundService
{
    // Renewals are small calls to many grains; a few in flight at once keep a pass short without a burst.
    private const int MaxConcurrentRenewals = 16;

    private readonly ConnectionLimitOptions _options = options.Value;
    private readonly Dictionary<string, HashSet<Guid>> _held = new(StringComparer.Ordinal);
    // IPs whose grain may hold a slot this node no longer tracks (a failed release or acquire call):
    // the next renewal sends what is really held, which drops the stray slot.
    private readonly HashSet<string> _unsure = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    // This node's running number of acquires; a renewal names the last one its list includes.
    private long _sequence;

    /// <summary>Identifies this node's slots in every grain; new for each process.</summary>
    public Guid GatewayId { get; } = Guid.NewGuid();

    private GatewayLease Lease => new(GatewayId, _options.ConnectionLimitPerIp ?? int.MaxValue, _options.SlotLease);

    /// <summary>A lease on one slot for a new connection from <paramref name="clientIp"/>, or null when the IP is at its limit.</summary>
    public async Task<ConnectionLease?> TryAcquireAsync(string clientIp)
    {
        var connectionId = Guid.NewGuid();
        // Tracked before the call, so a renewal that overtakes this acquire keeps the slot it grants.
        var sequence = Track(clientIp, connectionId);
        bool admitted;
        try
        {
            admitted = await grains.GetGrain<IClientIpGrain>(clientIp).TryAcquire(Lease, connectionId, sequence).WaitAsync(_options.AdmissionTimeout, time);
        }
        catch
        {
            Untrack(clientIp, connectionId, unsure: true);
            throw;
        }
        if (!admitted)
        {
            Untrack(clientIp, connectionId, unsure: false);
            return null;
        }
        return new ConnectionLease(this, clientIp, connectionId);
    }

    /// <summary>Called once per lease (see <see cref="ConnectionLease.Dispose"/>); the grain call runs in the background.</summary>
    public void Release(string clientIp, Guid connectionId)
    {
        Untrack(clientIp, connectionId, unsure: false);
        _ = ReleaseAsync(clientIp, connectionId);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Back from losing every silo: tell the grains at once what this node holds.
        void RenewNow() => _ = RenewAllAsync(stoppingToken);
        cluster.Recovered += RenewNow;
        using var timer = new PeriodicTimer(_options.SlotRenewInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewAllAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            cluster.Recovered -= RenewNow;
        }
    }

    private async Task RenewAllAsync(CancellationToken cancellationToken)
    {
        List<(string ClientIp, Guid[] Connections)> renewals;
        long upToSequence;
        lock (_lock)
        {
            renewals = [.. _held.Select(h => (h.Key, h.Value.ToArray()))];
            renewals.AddRange(_unsure.Where(ip => !_held.ContainsKey(ip)).Select(ip => (ip, Array.Empty<Guid>())));
            _unsure.Clear();
            upToSequence = _sequence;
        }
        var lease = Lease;
        try
        {
            await RenewAsync(renewals, lease, upToSequence, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task RenewAsync(List<(string ClientIp, Guid[] Connections)> renewals, GatewayLease lease, long upToSequence, CancellationToken cancellationToken)
    {
        await Parallel.ForEachAsync(renewals, new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentRenewals, CancellationToken = cancellationToken },
            async (renewal, _) =>
            {
                try
                {
                    await grains.GetGrain<IClientIpGrain>(renewal.ClientIp).Renew(lease, renewal.Connections, upToSequence);
                }
                catch (Exception e)
                {
                    MarkUnsure(renewal.ClientIp);
                    logger.LogWarning("Could not renew the connection slots of client IP {ClientIp}; retrying in {Interval}: {Error}",
                        renewal.ClientIp, _options.SlotRenewInterval, e.Message);
                }
            });
    }

    private async Task ReleaseAsync(string clientIp, Guid connectionId)
    {
        try
        {
            await grains.GetGrain<IClientIpGrain>(clientIp).Release(GatewayId, connectionId);
        }
        catch (Exception e)
        {
            MarkUnsure(clientIp);
            logger.LogWarning("Could not release a connection slot of client IP {ClientIp}; the next renewal will: {Error}", clientIp, e.Message);
        }
    }

    /// <summary>Records a connection this node is acquiring a slot for, and gives the acquire its number.</summary>
    private long Track(string clientIp, Guid connectionId)
    {
        lock (_lock)
        {
            if (!_held.TryGetValue(clientIp, out var held))
            {
                held = [];
                _held[clientIp] = held;
            }
            held.Add(connectionId);
            return ++_sequence;
        }
    }

    private void Untrack(string clientIp, Guid connectionId, bool unsure)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(clientIp, out var held) && held.Remove(connectionId) && held.Count == 0)
            {
                _held.Remove(clientIp);
            }
            if (unsure)
            {
                _unsure.Add(clientIp);
            }
        }
    }

    private void MarkUnsure(string clientIp)
    {
        lock (_lock)
        {
            _unsure.Add(clientIp);
        }
    }
}
