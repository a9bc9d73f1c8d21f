using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EventStreams.DevBroker.Apis;
using EventStreams.DevBroker.Network;
using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventStreams.DevBroker;

/// <summary>
/// A single-node, in-memory Kafka-protocol broker for development and tests. Start it with
/// <see cref="StartAsync"/>, point clients at <see cref="BootstrapServers"/>, dispose to stop.
/// </summary>
public sealed class KafkaDevBroker : IAsyncDisposable
{
    /// <summary>How often time-based retention runs when no produce triggers it.</summary>
    private static readonly TimeSpan RetentionSweepInterval = TimeSpan.FromSeconds(10);

    /// <summary>How long disposal waits for connections to finish after cancelling them.</summary>
    private static readonly TimeSpan ShutdownGrace = TimeSpan.FromSeconds(5);

    private const int ListenBacklog = 512;

    private readonly Socket _listener;
    private readonly BrokerState _state;
    private readonly ApiCatalog _apis;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _shutdown = new();
    private readonly ConcurrentDictionary<ClientConnection, Task> _connections = new();
    private Task _acceptLoop = Task.CompletedTask;
    private Task _retentionLoop = Task.CompletedTask;
    private int _disposed;

    private KafkaDevBroker(Socket listener, BrokerState state, ILogger logger)
    {
        _listener = listener;
        _state = state;
        _logger = logger;
        _apis = new ApiCatalog(state);
        BootstrapServers = $"{state.AdvertisedHost}:{state.Port}";
    }

    /// <summary>"host:port" for clients' bootstrap.servers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Binds the listener and starts accepting connections.</summary>
    public static async Task<KafkaDevBroker> StartAsync(DevBrokerOptions options, ILogger? logger = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.DefaultPartitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.RetentionBytesPerPartition);
        logger ??= NullLogger.Instance;

        var address = await ResolveAsync(options.Host, ct).ConfigureAwait(false);
        var listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(new IPEndPoint(address, options.Port));
            listener.Listen(ListenBacklog);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var port = ((IPEndPoint)listener.LocalEndPoint!).Port;

        // Clients connect to whatever Metadata advertises, and "any address" is not connectable.
        var advertised = address.Equals(IPAddress.Any) ? IPAddress.Loopback.ToString()
            : address.Equals(IPAddress.IPv6Any) ? IPAddress.IPv6Loopback.ToString()
            : options.Host;
        var retention = new RetentionPolicy(options.RetentionBytesPerPartition, options.RetentionTime);
        var state = new BrokerState(new TopicRegistry(retention), options, advertised, port, TimeProvider.System, logger);

        var broker = new KafkaDevBroker(listener, state, logger);
        broker._acceptLoop = Task.Run(broker.AcceptLoopAsync, CancellationToken.None);
        broker._retentionLoop = Task.Run(broker.RetentionLoopAsync, CancellationToken.None);
        logger.LogInformation("Kafka dev broker listening on {Bootstrap}", broker.BootstrapServers);
        return broker;
    }

    /// <summary>
    /// Creates a topic. Does nothing if it already exists with the same partition count;
    /// throws if it exists with a different one or the name/count is invalid.
    /// </summary>
    public void CreateTopic(string name, int partitions)
    {
        ArgumentNullException.ThrowIfNull(name);
        var error = _state.Topics.TryCreate(name, partitions, out var topic);
        switch (error)
        {
            case ErrorCode.None:
                return;
            case ErrorCode.TopicAlreadyExists when topic!.Partitions.Count == partitions:
                return;
            case ErrorCode.TopicAlreadyExists:
                throw new InvalidOperationException($"Topic '{name}' already exists with {topic!.Partitions.Count} partitions, not {partitions}.");
            case ErrorCode.InvalidPartitions:
                throw new ArgumentOutOfRangeException(nameof(partitions), partitions, "A topic needs at least one partition.");
            default:
                throw new ArgumentException($"Invalid topic name '{name}'.", nameof(name));
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        await _shutdown.CancelAsync().ConfigureAwait(false);
        _listener.Dispose();
        var all = _connections.Values.Append(_acceptLoop).Append(_retentionLoop).ToArray();
        try
        {
            await Task.WhenAll(all).WaitAsync(ShutdownGrace).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            _logger.LogWarning("Some connections did not close within {Grace}", ShutdownGrace);
        }

        _shutdown.Dispose();
        _logger.LogInformation("Kafka dev broker on {Bootstrap} stopped", BootstrapServers);
    }

    /// <summary>An IP literal is used as is; a host name (e.g. localhost) binds its first IPv4 address.</summary>
    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken ct)
    {
        if (IPAddress.TryParse(host, out var literal))
        {
            return literal;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, ct).ConfigureAwait(false);
        return addresses.OrderBy(a => a.AddressFamily == AddressFamily.InterNetwork ? 0 : 1).FirstOrDefault()
            ?? throw new ArgumentException($"Host '{host}' does not resolve to an address.", nameof(host));
    }

    private async Task AcceptLoopAsync()
    {
        var ct = _shutdown.Token;
        while (!ct.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException && ct.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException ex)
            {
                // e.g. a client that reset before we accepted it; keep serving the others.
                _logger.LogDebug("Accept failed: {Reason}", ex.Message);
                continue;
            }

            socket.NoDelay = true; // responses are whole frames; Nagle would only add latency
            var connection = new ClientConnection(socket, _apis, _logger);
            _logger.LogDebug("Accepted {Remote}", connection.RemoteEndPoint);
            var task = RunConnectionAsync(connection, ct);
            _connections[connection] = task;
            if (task.IsCompleted)
            {
                _connections.TryRemove(connection, out _); // it finished before it was registered
            }
        }
    }

    private async Task RunConnectionAsync(ClientConnection connection, CancellationToken ct)
    {
        await Task.Yield(); // never run a connection's first read on the accept loop
        try
        {
            await connection.RunAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            _connections.TryRemove(connection, out _);
        }
    }

    private async Task RetentionLoopAsync()
    {
        using var timer = new PeriodicTimer(RetentionSweepInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(_shutdown.Token).ConfigureAwait(false))
            {
                _state.Topics.EnforceRetention(_state.NowMs);
            }
        }
        catch (OperationCanceledException)
        {
            // shutting down
        }
    }
}
