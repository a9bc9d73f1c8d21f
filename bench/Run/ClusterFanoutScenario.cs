using System.Diagnostics;
using System.Text.Json;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Run;

/// <summary>
/// C1: fan-out through a cluster. One silo (no HTTP streams) and two standalone gateways with Redis
/// membership; N clients (half on each gateway) on one stream, from several load processes, and a
/// producer at a modest rate. Deliveries/s, latency, lost and duplicated events, and each gateway's
/// memory per connection (RSS over its idle baseline, as P2).
/// </summary>
public sealed class ClusterFanoutScenario(BenchOptions options, NodeCommands nodes, BenchChildren children, BenchResults results, string logDirectory)
{
    private const string Name = "C1";
    private const int Gateways = 2;
    // One process cannot hold 20,000 sockets here (open files); 7,500 each spreads 30,000 clients
    // over four load processes, so no process is near the limit and each gets a share of the cores.
    private const int MaxClientsPerLoadProcess = 7500;
    // Connects per second of each load process: 4 × 750 = 3,000/s in all, 10 s for 30,000 clients.
    private const double ConnectRatePerProcess = 750;
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    // Before reading RSS: let the heaps settle after the ramp (as P2).
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(5);
    // After the producer's last event, for it to arrive everywhere.
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);

    public async Task RunAsync()
    {
        await using var cluster = await ClusterUnderTest.StartAsync(nodes, silos: 1, Gateways, logDirectory);
        await Task.Delay(Settle);
        var gateways = cluster.Gateways;
        var baseline = gateways.Select(g => g.Rss()).ToArray();
        var processes = (int)Math.Ceiling(options.ClusterClients / (double)MaxClientsPerLoadProcess);
        var loads = Enumerable.Range(0, processes).Select(_ => children.Load(cluster.GatewayEndpoints)).ToList();
        try
        {
            var ramp = Stopwatch.StartNew();
            var answers = await Task.WhenAll(loads.Select((load, i) =>
                load.AskAsync($"connect {Share(options.ClusterClients, processes, i)} /v2/stream/{ClusterTopics.FanoutStream} {ConnectRatePerProcess}")));
            var connected = answers.Sum(a => a.GetProperty("connected").GetInt32());
            var rampSeconds = ramp.Elapsed.TotalSeconds;
            Console.WriteLine($"  {connected:N0} clients connected in {rampSeconds:N1} s");
            await Task.Delay(Settle);
            var perGateway = gateways.Select((g, i) => Memory(g, baseline[i])).ToArray();

            await using var producer = children.Produce(ClusterTopics.Fanout, ClusterTopics.FanoutPartitions, options.ClusterRate, WarmUp.TotalSeconds + options.ClusterSeconds);
            // Warm up first: the JIT's tiered and profile-guided compilation would otherwise be measured.
            await Task.Delay(WarmUp);
            foreach (var load in loads)
            {
                await load.AskAsync("report-reset");
            }
            var nodesUnderLoad = cluster.Silos.Concat(gateways).ToArray();
            var cpuBefore = nodesUnderLoad.Select(n => n.CpuSeconds()).ToArray();
            var loadCpuBefore = loads.Sum(l => ProcFs.CpuSeconds(l.Id));
            var clock = Stopwatch.StartNew();
            var produced = await producer.AnswerAsync();
            await Task.Delay(Drain);
            var seconds = clock.Elapsed.TotalSeconds - Drain.TotalSeconds;
            var cpu = nodesUnderLoad.Select((n, i) => (n.Name, Cores: (n.CpuSeconds() - cpuBefore[i]) / clock.Elapsed.TotalSeconds))
                .Append((Name: "load clients", Cores: (loads.Sum(l => ProcFs.CpuSeconds(l.Id)) - loadCpuBefore) / clock.Elapsed.TotalSeconds)).ToArray();
            var loaded = gateways.Select((g, i) => Memory(g, baseline[i])).ToArray();
            var last = string.Join(',', produced.GetProperty("last").EnumerateArray().Select(e => e.GetInt64()));
            long tailLost = 0;
            foreach (var load in loads)
            {
                tailLost += (await load.AskAsync($"finish {last}")).GetProperty("tailLost").GetInt64();
            }
            var reports = new List<LoadReport>();
            foreach (var load in loads)
            {
                reports.Add((await load.AskAsync("report")).Deserialize<LoadReport>()!);
            }
            var report = LoadReport.Merge(reports);
            var latency = report.Latency.ToHistogram();
            var rate = report.Deliveries / seconds;
            var offered = connected * options.ClusterRate;

            results.Add(Name, "clients connected (per gateway)", $"{connected:N0} / {options.ClusterClients:N0} ({string.Join(" + ", perGateway.Select(m => m.Connections.ToString("N0")))}) in {rampSeconds:N0} s", "30,000");
            results.Add(Name, $"deliveries/s ({options.ClusterRate:N0} events/s)", $"{rate:N0}", $"{offered:N0} offered");
            results.Add(Name, "latency p50 / p99 / max", $"{latency.Percentile(50)} / {latency.Percentile(99)} / {latency.Max} ms", "");
            results.Add(Name, "lost / duplicated", $"{report.Lost:N0} / {report.Duplicates:N0}", "0 / 0");
            results.Add(Name, "memory per idle connection (per gateway)", string.Join(" / ", perGateway.Select(m => $"{m.KbPerConnection:N1} KB (RSS +{m.RssDelta / 1048576.0:N0} MB)")), "≤ 12 KB");
            results.Add(Name, "memory per connection under load (per gateway)", string.Join(" / ", loaded.Select(m => $"{m.KbPerConnection:N1} KB")), "");
            results.Add(Name, "CPU (cores)", string.Join(", ", cpu.Select(c => $"{c.Name} {c.Cores:N2}")), "");
            results.Add(Name, "node log warnings / errors", cluster.LogSummary(), "0 errors");
            results.Json(Name, new
            {
                clients = options.ClusterClients, connected, rampSeconds, options.ClusterRate, seconds, deliveriesPerSecond = rate, offeredPerSecond = offered,
                p50 = latency.Percentile(50), p99 = latency.Percentile(99), max = latency.Max, report.Lost, report.Duplicates, tailLost,
                report.ServerClosed, report.Failures,
                gateways = gateways.Select((g, i) => new
                {
                    g.Name, perGateway[i].Connections, idleBaselineBytes = baseline[i], rssDeltaBytes = perGateway[i].RssDelta,
                    bytesPerConnection = perGateway[i].BytesPerConnection, bytesPerConnectionUnderLoad = loaded[i].BytesPerConnection,
                }),
                cpuCores = cpu.ToDictionary(c => c.Name, c => c.Cores),
                logs = cluster.LogCounts(), logDirectory,
            });
        }
        finally
        {
            foreach (var load in loads)
            {
                await load.DisposeAsync();
            }
        }
    }

    /// <summary>Client <paramref name="index"/>'s share of <paramref name="total"/> over <paramref name="parts"/> processes.</summary>
    private static int Share(int total, int parts, int index) => total / parts + (index < total % parts ? 1 : 0);

    private static GatewayMemory Memory(ServiceUnderTest gateway, long baseline)
    {
        var connections = gateway.HttpConnections();
        var delta = gateway.Rss() - baseline;
        return new GatewayMemory(connections, delta);
    }

    private sealed record GatewayMemory(int Connections, long RssDelta)
    {
        public double BytesPerConnection => Connections == 0 ? 0 : RssDelta / (double)Connections;

        public double KbPerConnection => BytesPerConnection / 1024;
    }
}
