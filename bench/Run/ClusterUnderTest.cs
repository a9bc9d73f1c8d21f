namespace EventStreams.Bench.Run;

/// <summary>
/// A Redis-membership cluster on this machine: a private redis-server, silos without HTTP
/// streams and standalone gateways, each its own process (programs and settings from
/// <see cref="NodeCommands"/>). Every node's whole log is kept in the log directory.
/// </summary>
public sealed class ClusterUnderTest : IAsyncDisposable
{
    private readonly RedisServer _redis;
    private readonly List<ServiceUnderTest> _nodes = [];

    private ClusterUnderTest(RedisServer redis, string logDirectory)
    {
        _redis = redis;
        LogDirectory = logDirectory;
    }

    public string LogDirectory { get; }

    public List<ServiceUnderTest> Silos { get; } = [];

    public List<ServiceUnderTest> Gateways { get; } = [];

    /// <summary>host:port of each gateway, for the load client.</summary>
    public string[] GatewayEndpoints => [.. Gateways.Select(g => $"127.0.0.1:{g.Port}")];

    public static async Task<ClusterUnderTest> StartAsync(NodeCommands nodes, int silos, int gateways, string logDirectory)
    {
        Directory.CreateDirectory(logDirectory);
        var cluster = new ClusterUnderTest(await RedisServer.StartAsync(), logDirectory);
        try
        {
            var membership = new ClusterMembership(cluster._redis.ConnectionString, $"bench-{Guid.NewGuid():N}");
            // Silos first: a gateway would only wait for them.
            for (var i = 0; i < silos; i++)
            {
                cluster.Silos.Add(cluster.Start(nodes.Silo(i, membership)));
            }
            foreach (var silo in cluster.Silos)
            {
                await silo.WaitReadyAsync("/readyz");
            }
            for (var i = 0; i < gateways; i++)
            {
                cluster.Gateways.Add(cluster.Start(nodes.Gateway(i, membership)));
            }
            foreach (var gateway in cluster.Gateways)
            {
                await gateway.WaitReadyAsync("/readyz");
            }
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The partitions of a topic each silo consumes now (a dead silo: none), from its /metrics.</summary>
    public async Task<int[][]> PartitionsBySiloAsync(string topic)
    {
        var result = new int[Silos.Count][];
        for (var i = 0; i < Silos.Count; i++)
        {
            try
            {
                result[i] = Silos[i].HasExited ? [] : SiloMetrics.PartitionsConsumed(await Silos[i].GetStringAsync("/metrics"), topic);
            }
            catch (HttpRequestException)
            {
                result[i] = []; // killed a moment ago
            }
        }
        return result;
    }

    /// <summary>Warning and error lines per node, e.g. "silo0 3 warn / 0 fail".</summary>
    public string LogSummary() =>
        string.Join(", ", _nodes.Select(n => $"{n.Name} {n.LogCounts.Warnings} warn / {n.LogCounts.Errors} fail"));

    public object LogCounts() =>
        _nodes.ToDictionary(n => n.Name, n => new { warnings = n.LogCounts.Warnings, errors = n.LogCounts.Errors });

    private ServiceUnderTest Start(NodeCommand command)
    {
        var node = ServiceUnderTest.Start(command, Path.Combine(LogDirectory, $"{command.Name}.log"));
        _nodes.Add(node);
        return node;
    }

    public async ValueTask DisposeAsync()
    {
        // Gateways first, so they do not log the silos' going as failures.
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.DisposeAsync();
        }
        await _redis.DisposeAsync();
    }
}
