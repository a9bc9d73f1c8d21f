using EventStreams.DevBroker;
using EventStreams.Hosting.Cluster;
using EventStreams.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>
/// One cluster for all system tests: a private Redis (membership and slot storage), the dev
/// broker over TCP, two silos without HTTP gateways and two standalone gateways, each its own
/// OS process, plus an Orleans client in the test process for asking where grains live.
/// Tests kill nodes; <see cref="EnsureWholeAsync"/> restarts what is missing before the next one.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const string TopicA = "sys.a", TopicB = "sys.b"; // 4 partitions each: the "sys" stream
    public const string SpreadBefore = "spread.before", SpreadAfter = "spread.after"; // 8 partitions each
    public const string Eqiad = "idle.eqiad", Codfw = "idle.codfw"; // the "twodc" stream
    public const int PartitionsPerTopic = 4;
    public const int ConnectionLimitPerIp = 5;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly string _configPath = Path.Combine(Path.GetTempPath(), $"cluster-streams-{Guid.NewGuid():N}.yaml");
    private readonly NodeProcess?[] _silos = new NodeProcess?[2];
    private readonly NodeProcess?[] _gateways = new NodeProcess?[2];
    private readonly (int Http, int Silo, int Gateway)[] _siloPorts = [.. Enumerable.Range(0, 2).Select(_ => (FreePorts.Next(), FreePorts.Next(), FreePorts.Next()))];
    private readonly int[] _gatewayPorts = [FreePorts.Next(), FreePorts.Next()];
    private IHost? _client;

    public string ClusterId { get; } = $"system-{Guid.NewGuid():N}";

    public RedisServer Redis { get; private set; } = null!;

    public KafkaDevBroker Broker { get; private set; } = null!;

    // No drain on dispose: a client that lets go of a stream closes it at once, as a browser does.
    public HttpClient Http { get; } = new(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, MaxResponseDrainSize = 0 })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public IGrainFactory Grains => _client!.Services.GetRequiredService<IClusterClient>();

    public string[] GatewayUrls => [.. _gatewayPorts.Select(p => $"http://127.0.0.1:{p}")];

    public NodeProcess Silo(int i) => _silos[i] ?? throw new InvalidOperationException($"silo {i} is not running");

    public NodeProcess Gateway(int i) => _gateways[i] ?? throw new InvalidOperationException($"gateway {i} is not running");

    public async Task InitializeAsync()
    {
        Redis = await RedisServer.StartAsync();
        Broker = await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0, AutoCreateTopics = false });
        Broker.CreateTopic(TopicA, PartitionsPerTopic);
        Broker.CreateTopic(TopicB, PartitionsPerTopic);
        Broker.CreateTopic(SpreadBefore, 8);
        Broker.CreateTopic(SpreadAfter, 8);
        Broker.CreateTopic(Eqiad, 1);
        Broker.CreateTopic(Codfw, 1);
        await File.WriteAllTextAsync(_configPath, $"""
            sys:
              topics: [{TopicA}, {TopicB}]
            spread.before:
              topics: [{SpreadBefore}]
            spread.after:
              topics: [{SpreadAfter}]
            twodc:
              topics: [{Eqiad}, {Codfw}]
            """);
        // Silos first: a gateway would only wait for them.
        StartSilo(0);
        StartSilo(1);
        StartGateway(0);
        StartGateway(1);
        await WaitAllReadyAsync();
        _client = await StartClientAsync();
        await WaitForActiveSilosAsync(2);
    }

    /// <summary>Settings every silo of this cluster shares (a second cluster on the same Redis uses another id).</summary>
    public Dictionary<string, string> SiloSettings(string clusterId, int siloPort, int gatewayPort) => new()
    {
        ["Orleans:Clustering"] = "Redis",
        ["Orleans:Redis:ConnectionString"] = Redis.ConnectionString,
        ["Orleans:ClusterId"] = clusterId,
        ["Orleans:AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans:SiloPort"] = siloPort.ToString(),
        ["Orleans:GatewayPort"] = gatewayPort.ToString(),
        ["Gateway:Enabled"] = "false",
        ["Kafka:BootstrapServers"] = Broker.BootstrapServers,
        ["StreamConfig:Uri"] = _configPath,
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:EventStreams"] = "Information",
        ["Logging:LogLevel:EventStreams.Grains.Clients"] = "Debug",
    };

    public Dictionary<string, string> GatewaySettings(string clusterId) => new()
    {
        ["Orleans:Clustering"] = "Redis",
        ["Orleans:Redis:ConnectionString"] = Redis.ConnectionString,
        ["Orleans:ClusterId"] = clusterId,
        ["ClientLimits:ConnectionLimitPerIp"] = ConnectionLimitPerIp.ToString(),
        // Short, so a slot whose release was lost while its grain's silo was down is freed within the test.
        ["ClientLimits:SlotRenewInterval"] = "00:00:02",
        ["ClientLimits:SlotLease"] = "00:00:06",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:EventStreams"] = "Information",
    };

    public void StartSilo(int i)
    {
        var (http, silo, gateway) = _siloPorts[i];
        _silos[i] = NodeProcess.Start($"silo{i}", "Silo", http, SiloSettings(ClusterId, silo, gateway));
    }

    public void StartGateway(int i) => _gateways[i] = NodeProcess.Start($"gateway{i}", "Gateway", _gatewayPorts[i], GatewaySettings(ClusterId));

    /// <summary>kill -9 of silo <paramref name="i"/>.</summary>
    public void KillSilo(int i)
    {
        Silo(i).Kill();
    }

    public void KillGateway(int i) => Gateway(i).Kill();

    /// <summary>Which silo (0 or 1) hosts a grain now.</summary>
    public async Task<int> SiloOfAsync(IAddressable grain)
    {
        var address = await Grains.GetGrain<IManagementGrain>(0).GetActivationAddress(grain)
            ?? throw new InvalidOperationException("The grain has no activation.");
        return Array.FindIndex(_siloPorts, p => p.Silo == address.Endpoint.Port);
    }

    /// <summary>Restarts any node a test killed and waits until the cluster is whole again.</summary>
    public async Task EnsureWholeAsync()
    {
        for (var i = 0; i < 2; i++)
        {
            if (_silos[i] is not { HasExited: false })
            {
                if (_silos[i] is { } dead)
                {
                    await dead.DisposeAsync();
                }
                StartSilo(i);
            }
            if (_gateways[i] is not { HasExited: false })
            {
                if (_gateways[i] is { } dead)
                {
                    await dead.DisposeAsync();
                }
                StartGateway(i);
            }
        }
        await WaitAllReadyAsync();
        await WaitForActiveSilosAsync(2);
    }

    public string Logs() => string.Join("\n", _silos.Concat(_gateways).OfType<NodeProcess>().Select(n => n.Log()));

    private async Task WaitAllReadyAsync()
    {
        foreach (var node in _silos.Concat(_gateways).OfType<NodeProcess>())
        {
            await node.WaitUntilReadyAsync(Http, StartTimeout);
        }
    }

    /// <summary>Membership says exactly this many silos are active (a killed one is declared dead, a restarted one joined).</summary>
    public Task WaitForActiveSilosAsync(int count) =>
        Eventually.GetAsync(async () => (await Grains.GetGrain<IManagementGrain>(0).GetHosts(onlyActive: true)).Count,
            n => n == count, $"{count} active silos", StartTimeout);

    private async Task<IHost> StartClientAsync()
    {
        var settings = new ClusterSettings
        {
            Clustering = ClusteringMode.Redis,
            ClusterId = ClusterId,
            Redis = new RedisSettings { ConnectionString = Redis.ConnectionString },
        };
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.UseOrleansClient(client => client.UseEventStreamsCluster(settings));
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    public async Task DisposeAsync()
    {
        if (_client is not null)
        {
            await _client.StopAsync();
            _client.Dispose();
        }
        foreach (var node in _silos.Concat(_gateways).OfType<NodeProcess>())
        {
            await node.DisposeAsync();
        }
        await Broker.DisposeAsync();
        await Redis.DisposeAsync();
        Http.Dispose();
        File.Delete(_configPath);
    }
}

/// <summary>The system tests share one cluster and run one at a time.</summary>
[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "cluster";
}
