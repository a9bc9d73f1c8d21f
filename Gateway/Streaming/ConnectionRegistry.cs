using System.Collections.Concurrent;
using EventStreams.Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The open connections of this node, and the two jobs one timer does for them all (no timer per
/// connection): every heartbeat interval it asks each connection for a heartbeat, which it writes
/// only if it sent nothing since the last one; and every second it cuts the connections whose
/// clients are too slow (see <see cref="StreamConnection.IsTooSlow"/>). A client that never reads
/// fills its socket, and the connection's flush then waits forever; from outside, the sweep
/// notices within <see cref="GatewayOptions.MaxClientLag"/> and frees what it holds.
/// </summary>
internal sealed class ConnectionRegistry(IOptions<GatewayOptions> options, TimeProvider time) : BackgroundService
{
    private static readonly TimeSpan SlowClientCheckInterval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<StreamConnection, byte> _connections = new();
    private volatile bool _endingAll;

    /// <summary>Registers an open connection; once <see cref="EndAll"/> ran, it is told to end at once.</summary>
    public void Add(StreamConnection connection)
    {
        _connections.TryAdd(connection, 0);
        // After the add: either EndAll's sweep sees this connection, or this sees EndAll's flag.
        if (_endingAll)
        {
            connection.EndForDrain();
        }
    }

    public void Remove(StreamConnection connection) => _connections.TryRemove(connection, out _);

    /// <summary>The connections open now.</summary>
    public StreamConnection[] Snapshot() => [.. _connections.Keys];

    /// <summary>Ends every open connection cleanly, and any that opens from now on (the end of a drain).</summary>
    public void EndAll()
    {
        _endingAll = true;
        foreach (var connection in _connections.Keys)
        {
            connection.EndForDrain();
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var heartbeat = options.Value.HeartbeatInterval;
        var nextHeartbeat = heartbeat > TimeSpan.Zero ? time.GetUtcNow() + heartbeat : DateTimeOffset.MaxValue;
        using var timer = new PeriodicTimer(heartbeat > TimeSpan.Zero && heartbeat < SlowClientCheckInterval ? heartbeat : SlowClientCheckInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                CutSlowClients();
                if (time.GetUtcNow() >= nextHeartbeat)
                {
                    nextHeartbeat = time.GetUtcNow() + heartbeat;
                    foreach (var connection in _connections.Keys)
                    {
                        connection.RequestHeartbeat();
                    }
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One sweep: cuts every connection that is too slow. Internal for tests.</summary>
    internal int CutSlowClients()
    {
        var cut = 0;
        var maxLag = options.Value.MaxClientLag;
        foreach (var connection in _connections.Keys)
        {
            if (!connection.AbortedAsTooSlow && connection.IsTooSlow(maxLag))
            {
                connection.AbortAsTooSlow();
                cut++;
            }
        }
        return cut;
    }
}
