namespace EventStreams.Bench.Run;

/// <summary>A node's program (a built dll), the HTTP port it listens on and its command-line settings.</summary>
public sealed record NodeCommand(string Name, string Dll, int HttpPort, IReadOnlyList<string> Arguments);

/// <summary>Where a cluster's nodes meet: the Redis that holds membership, and the cluster's id.</summary>
public sealed record ClusterMembership(string RedisConnectionString, string ClusterId);

/// <summary>
/// The program and settings of every kind of node the bench starts, in one place: the single host
/// (silo and gateway in one process, as P1–P6 run it), and the silos and standalone gateways of a
/// Redis cluster (C1, C2), with the settings tests/Cluster.Tests gives them. Release builds only:
/// bench.sh builds them. <paramref name="extraSettings"/> (--service KEY=VALUE) go to every node.
/// </summary>
public sealed class NodeCommands(string repoRoot, string bootstrap, string streamConfigPath, IReadOnlyList<string> extraSettings)
{
    // Per-connection lines would flood the log (and cost CPU) with thousands of connections.
    private const string QuietSessions = "Logging:LogLevel:EventStreams.Gateway.Api.StreamSession=Warning";

    /// <summary>The single host; <paramref name="scenarioSettings"/> come before --service ones, which can override them.</summary>
    public NodeCommand SingleHost(IEnumerable<string>? scenarioSettings = null)
    {
        var port = FreePorts.Next();
        return Command("service", "Silo", port,
        [
            $"Kafka:BootstrapServers={bootstrap}", $"StreamConfig:Uri={streamConfigPath}",
            $"Urls=http://127.0.0.1:{port}", $"Orleans:SiloPort={FreePorts.Next()}", $"Orleans:GatewayPort={FreePorts.Next()}",
            "Logging:LogLevel:Default=Warning", "Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning", QuietSessions,
            .. scenarioSettings ?? [],
        ]);
    }

    /// <summary>A silo without HTTP streams (it still serves /readyz and /metrics).</summary>
    public NodeCommand Silo(int index, ClusterMembership cluster)
    {
        var port = FreePorts.Next();
        return Command($"silo{index}", "Silo", port,
        [
            .. Membership(cluster), $"Urls=http://127.0.0.1:{port}",
            "Orleans:AdvertisedIPAddress=127.0.0.1",
            $"Orleans:SiloPort={FreePorts.Next()}", $"Orleans:GatewayPort={FreePorts.Next()}",
            "Gateway:Enabled=false", $"Kafka:BootstrapServers={bootstrap}", $"StreamConfig:Uri={streamConfigPath}",
            .. NodeLogging,
        ]);
    }

    /// <summary>
    /// A standalone gateway. Unlike the cluster tests' gateways it has no per-IP limit: the load
    /// client's thousands of connections share 253 source addresses.
    /// </summary>
    public NodeCommand Gateway(int index, ClusterMembership cluster)
    {
        var port = FreePorts.Next();
        return Command($"gateway{index}", "Gateway", port,
            [.. Membership(cluster), $"Urls=http://127.0.0.1:{port}", .. NodeLogging, QuietSessions]);
    }

    private static string[] Membership(ClusterMembership cluster) =>
        ["Orleans:Clustering=Redis", $"Orleans:Redis:ConnectionString={cluster.RedisConnectionString}", $"Orleans:ClusterId={cluster.ClusterId}"];

    private static readonly string[] NodeLogging = ["Logging:LogLevel:Default=Warning", "Logging:LogLevel:EventStreams=Information"];

    private NodeCommand Command(string name, string project, int port, IEnumerable<string> settings)
    {
        var dll = Path.Combine(repoRoot, project, "bin", "Release", "net10.0", $"EventStreams.{project}.dll");
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{project} is not built in Release at {dll}; ./bench.sh builds it.", dll);
        }
        return new NodeCommand(name, dll, port, [.. settings.Concat(extraSettings).Select(s => "--" + s)]);
    }
}
