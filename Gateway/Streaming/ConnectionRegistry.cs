using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The open connections of this node. One timer serves them all: every heartbeat interval it
/// asks each connection for a heartbeat, which it writes only if it sent nothing since the last
/// one. No timer per connection.
/// </summary>
internal sealed class ConnectionRegistry(IOptions<GatewayOptions> options) : BackgroundService
{
    private readonly ConcurrentDictionary<StreamConnection, byte> _connections = new();

    public void Add(StreamConnection connection) => _connections.TryAdd(connection, 0);

    public void Remove(StreamConnection connection) => _connections.TryRemove(connection, out _);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HeartbeatInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var connection in _connections.Keys)
                {
                    connection.RequestHeartbeat();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
