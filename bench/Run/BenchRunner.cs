using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Confluent.Kafka;
using Confluent.Kafka.Admin;
using EventStreams.Bench.Load;
using EventStreams.DevBroker;

namespace EventStreams.Bench.Run;

/// <summary>Runs the scenarios against a freshly started service, prints a table and writes JSON.</summary>
public sealed class BenchRunner(BenchOptions options, string repoRoot, string benchDll)
{
    // One load process holds at most this many sockets: the open-files limit is 20,000 per process.
    private const int MaxClientsPerLoadProcess = 9000;
    private const double WarmUpSeconds = 5;
    private const string Fanout = "bench.fanout", Steady = "bench.steady", CatchUp = "bench.catchup", Idle = "bench.idle";

    private readonly BenchResults _results = new();
    private string _bootstrap = "";
    private BenchChildren _children = null!;
    private ServiceUnderTest? _single;

    /// <summary>The single host of P1–P6.</summary>
    private ServiceUnderTest Service => _single ?? throw new InvalidOperationException("The single host is not running.");

    public async Task<int> RunAsync()
    {
        await using var broker = options.Bootstrap is null
            ? await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0, AutoCreateTopics = false, RetentionBytesPerPartition = 2L << 30 })
            : null;
        _bootstrap = options.Bootstrap ?? broker!.BootstrapServers;
        _children = new BenchChildren(benchDll, _bootstrap, options.EventBytes);
        await CreateTopicsAsync();
        var streamConfig = Path.Combine(Path.GetTempPath(), $"bench-streams-{Environment.ProcessId}.yaml");
        await File.WriteAllTextAsync(streamConfig, $"""
            bench-fanout:
              topics: [{Fanout}]
            bench-steady:
              topics: [{Steady}]
            bench-catchup:
              topics: [{CatchUp}]
            bench-idle:
              topics: [{Idle}]
            {ClusterTopics.StreamConfig}
            {SoakScenario.Stream}:
              topics: [{SoakScenario.Topic}]
            {FilterScenario.StreamConfig}
            """);
        var nodes = new NodeCommands(repoRoot, _bootstrap, streamConfig, options.ServiceSettings);
        var scenarios = options.Scenarios.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => s.ToUpperInvariant()).ToArray();
        var logDirectory = Path.Combine(options.Out, $"logs-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Console.WriteLine($"Broker {_bootstrap}{(broker is null ? "" : " (embedded dev broker)")}");
        try
        {
            foreach (var (scenario, index) in scenarios.Select((s, i) => (s, i)))
            {
                Console.WriteLine($"— {scenario}");
                try
                {
                    await PrepareAsync(scenario, nodes);
                    await RunScenarioAsync(scenario, nodes, Path.Combine(logDirectory, $"{index + 1}-{scenario}"));
                }
                catch (Exception e) when (e is InvalidOperationException or TimeoutException or IOException or HttpRequestException or TaskCanceledException)
                {
                    // One scenario failing (a node that did not start, a recovery that never came)
                    // is a result too; the others still run.
                    Console.Error.WriteLine($"{scenario} failed: {e}");
                    _results.Add(scenario, "failed", e.Message.ReplaceLineEndings(" "), "");
                }
            }
        }
        finally
        {
            await StopSingleHostAsync();
        }
        File.Delete(streamConfig);
        _results.PrintTable();
        var file = await _results.WriteAsync(options.Out, options);
        Console.WriteLine($"Results written to {file}");
        return 0;
    }

    /// <summary>
    /// P scenarios share one single host, started when the first needs it; C scenarios start
    /// their own cluster and S1 and F1 a fresh single host, and they get the machine to themselves, so
    /// the shared single host stops before them.
    /// </summary>
    private async Task PrepareAsync(string scenario, NodeCommands nodes)
    {
        if (scenario.StartsWith('P') && _single is null)
        {
            Console.WriteLine("  starting the service (Release build)…");
            _single = await ServiceUnderTest.StartAsync(nodes);
        }
        else if (scenario.StartsWith('C') || scenario.StartsWith('S') || scenario.StartsWith('F'))
        {
            await StopSingleHostAsync();
        }
    }

    private async Task StopSingleHostAsync()
    {
        if (_single is not null)
        {
            await _single.DisposeAsync();
            _single = null;
        }
    }

    private Task RunScenarioAsync(string scenario, NodeCommands nodes, string logDirectory) => scenario switch
    {
        "P1" => FanoutAsync(),
        "P2" => IdleConnectionsAsync(),
        "P3" => SteadyRateAsync(),
        "P5" => CatchUpAsync(),
        "P6" => ConnectLatencyAsync(),
        "C1" => new ClusterFanoutScenario(options, nodes, _children, _results, logDirectory).RunAsync(),
        "C2" => new FailoverScenario(options, nodes, _children, _results, logDirectory).RunAsync(),
        "S1" => new SoakScenario(options, nodes, _children, _results, logDirectory).RunAsync(),
        "F1" => new FilterScenario(options, nodes, _children, _results, logDirectory).RunAsync(),
        _ => throw new InvalidOperationException($"Unknown scenario {scenario}; see bench/README.md."),
    };

    private async Task CreateTopicsAsync()
    {
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = _bootstrap }).Build();
        try
        {
            await admin.CreateTopicsAsync(
            [
                new TopicSpecification { Name = Fanout, NumPartitions = 2, ReplicationFactor = 1 },
                new TopicSpecification { Name = Steady, NumPartitions = 2, ReplicationFactor = 1 },
                new TopicSpecification { Name = CatchUp, NumPartitions = 1, ReplicationFactor = 1 },
                new TopicSpecification { Name = Idle, NumPartitions = 1, ReplicationFactor = 1 },
                new TopicSpecification { Name = SoakScenario.Topic, NumPartitions = SoakScenario.Partitions, ReplicationFactor = 1 },
                .. FilterScenario.Topics.Select(t => new TopicSpecification { Name = t.Topic, NumPartitions = FilterScenario.Partitions, ReplicationFactor = 1 }),
                .. ClusterTopics.All(options).Select(t => new TopicSpecification { Name = t.Name, NumPartitions = t.Partitions, ReplicationFactor = 1 }),
            ]);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
    }

    private Child Produce(string topic, int partitions, double rate, double seconds, long count = 0) =>
        _children.Produce(topic, partitions, rate, seconds, count);

    private Child Load(int bufferBytes = 0) => _children.Load([$"127.0.0.1:{Service.Port}"], bufferBytes);

    /// <summary>P1 (fan-out) with P4 (Kafka cost) sampled while it runs.</summary>
    private async Task FanoutAsync()
    {
        await using var load = Load();
        var connected = await load.AskAsync($"connect {options.FanoutClients} /v2/stream/bench-fanout 2500");
        // Warm up first: the JIT's tiered and profile-guided compilation would otherwise be measured.
        await using var producer = Produce(Fanout, 2, options.FanoutRate, WarmUpSeconds + options.FanoutSeconds);
        await Task.Delay(TimeSpan.FromSeconds(WarmUpSeconds));
        await load.AskAsync("report-reset");
        var cpuBefore = Service.CpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.FanoutSeconds / 2));
        var kafkaClients = Service.LibrdkafkaClients();
        var brokerConnections = Service.ConnectionsTo(int.Parse(_bootstrap.Split(':')[^1], CultureInfo.InvariantCulture));
        var produced = await producer.AnswerAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the last events arrive
        var seconds = clock.Elapsed.TotalSeconds - 2;
        var cpu = Service.CpuSeconds() - cpuBefore;
        var last = string.Join(',', produced.GetProperty("last").EnumerateArray().Select(e => e.GetInt64()));
        var tail = await load.AskAsync($"finish {last}");
        var report = Report(await load.AskAsync("report"));
        var latency = report.Latency.ToHistogram();
        var rate = report.Deliveries / seconds;
        _results.Add("P1", "clients connected", $"{connected.GetProperty("connected").GetInt32():N0} / {options.FanoutClients:N0}", "5,000");
        _results.Add("P1", "deliveries/s", $"{rate:N0}", "≥ 500,000");
        _results.Add("P1", "latency p50 / p99 / max", $"{latency.Percentile(50)} / {latency.Percentile(99)} / {latency.Max} ms", "p99 ≤ 250 ms");
        _results.Add("P1", "lost / duplicated", $"{report.Lost:N0} / {report.Duplicates:N0}", "0 / 0");
        _results.Add("P1", "service CPU", $"{cpu / seconds * 100:N0} % of one core", "");
        _results.Add("P4", "librdkafka clients / broker connections", $"{kafkaClients} / {brokerConnections}", "per partition, not per client");
        _results.Json("P1", new { clients = options.FanoutClients, options.FanoutRate, deliveriesPerSecond = rate, p50 = latency.Percentile(50), p99 = latency.Percentile(99), max = latency.Max, report.Lost, report.Duplicates, tailLost = tail.GetProperty("tailLost").GetInt64(), cpuCores = cpu / seconds });
        _results.Json("P4", new { librdkafkaClients = kafkaClients, brokerConnections });
    }

    /// <summary>P2: mostly idle connections; memory per connection from the service's RSS.</summary>
    private async Task IdleConnectionsAsync()
    {
        var rssBefore = Service.Rss();
        var cpuBefore = Service.CpuSeconds();
        var clock = Stopwatch.StartNew();
        var loads = new List<Child>();
        var connected = 0;
        try
        {
            for (var remaining = options.IdleClients; remaining > 0; remaining -= MaxClientsPerLoadProcess)
            {
                var load = Load(bufferBytes: 1024);
                loads.Add(load);
                var answer = await load.AskAsync($"connect {Math.Min(remaining, MaxClientsPerLoadProcess)} /v2/stream/bench-idle 3000");
                connected += answer.GetProperty("connected").GetInt32();
            }
            await Task.Delay(TimeSpan.FromSeconds(5)); // let the heap settle
            var rss = Service.Rss() - rssBefore;
            var cpu = Service.CpuSeconds() - cpuBefore;
            var perConnection = connected == 0 ? 0 : rss / (double)connected;
            _results.Add("P2", "idle clients connected", $"{connected:N0} / {options.IdleClients:N0}", "≥ 15,000");
            _results.Add("P2", "memory per connection", $"{perConnection / 1024:N1} KB (RSS +{rss / 1048576.0:N0} MB)", "≤ 12 KB");
            _results.Add("P2", "service CPU during ramp + hold", $"{cpu:N1} s over {clock.Elapsed.TotalSeconds:N0} s", "");
            _results.Json("P2", new { connected, rssDeltaBytes = rss, bytesPerConnection = perConnection, cpuSeconds = cpu });
        }
        finally
        {
            foreach (var load in loads)
            {
                await load.DisposeAsync();
            }
        }
    }

    /// <summary>P3: add clients to a 50 events/s stream until p99 goes over a second.</summary>
    private async Task SteadyRateAsync()
    {
        const double window = 5;
        var steps = (int)Math.Ceiling(options.SteadyMax / (double)options.SteadyStep);
        await using var producer = Produce(Steady, 2, options.SteadyRate, steps * (window + 6) + 30);
        var loads = new List<Child>();
        var best = 0;
        var results = new List<object>();
        try
        {
            var clients = 0;
            Child? load = null;
            var inLoad = 0;
            while (clients < options.SteadyMax)
            {
                if (load is null || inLoad + options.SteadyStep > MaxClientsPerLoadProcess)
                {
                    load = Load();
                    loads.Add(load);
                    inLoad = 0;
                }
                await load.AskAsync($"connect {options.SteadyStep} /v2/stream/bench-steady 2500");
                inLoad += options.SteadyStep;
                clients += options.SteadyStep;
                foreach (var l in loads)
                {
                    await l.AskAsync("report-reset");
                }
                await Task.Delay(TimeSpan.FromSeconds(window));
                var merged = new LatencyHistogram();
                long deliveries = 0;
                foreach (var l in loads)
                {
                    var r = Report(await l.AskAsync("report"));
                    merged.Add(r.Latency.ToHistogram());
                    deliveries += r.Deliveries;
                }
                var p99 = merged.Percentile(99);
                results.Add(new { clients, p99, deliveriesPerSecond = deliveries / window });
                Console.WriteLine($"  {clients:N0} clients: p99 {p99} ms, {deliveries / window:N0} deliveries/s");
                if (p99 > 1000)
                {
                    break;
                }
                best = clients;
            }
        }
        finally
        {
            foreach (var l in loads)
            {
                await l.DisposeAsync();
            }
        }
        _results.Add("P3", "clients at 50 events/s with p99 ≤ 1 s", best >= options.SteadyMax ? $"≥ {best:N0} (the most tried)" : $"{best:N0}", "≥ 10,000");
        _results.Json("P3", new { maxClientsWithinTarget = best, steps = results });
    }

    /// <summary>P5: one client replays a pre-filled topic from the beginning.</summary>
    private async Task CatchUpAsync()
    {
        await using (var prefill = Produce(CatchUp, 1, 0, 0, options.CatchUpEvents))
        {
            await prefill.AnswerAsync();
        }
        await using var load = Load(bufferBytes: 256 * 1024);
        var clock = Stopwatch.StartNew();
        await load.AskAsync("connect 1 /v2/stream/bench-catchup?since=0 0");
        long delivered = 0;
        while (delivered < options.CatchUpEvents && clock.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(200);
            delivered = Report(await load.AskAsync("report")).Deliveries;
        }
        var rate = delivered / clock.Elapsed.TotalSeconds;
        _results.Add("P5", "catch-up events/s (one client, since=0)", $"{rate:N0} ({delivered:N0} events)", "≥ 50,000");
        _results.Json("P5", new { events = delivered, seconds = clock.Elapsed.TotalSeconds, eventsPerSecond = rate });
    }

    /// <summary>P6: connects at a steady rate while events flow; time to :ok and to the first event.</summary>
    private async Task ConnectLatencyAsync()
    {
        var seconds = options.ConnectCount / options.ConnectRate + 10;
        await using var producer = Produce(Fanout, 2, 100, seconds);
        await Task.Delay(1000);
        await using var load = Load(bufferBytes: 4096);
        await load.AskAsync($"connect {options.ConnectCount} /v2/stream/bench-fanout {options.ConnectRate.ToString(CultureInfo.InvariantCulture)}");
        await Task.Delay(1000);
        var report = Report(await load.AskAsync("report"));
        var ok = report.Preamble.ToHistogram();
        var first = report.FirstEvent.ToHistogram();
        _results.Add("P6", $"time to :ok p50 / p99 ({options.ConnectRate:N0} connects/s)", $"{ok.Percentile(50)} / {ok.Percentile(99)} ms", "p99 ≤ 50 ms");
        _results.Add("P6", "time to first event p50 / p99 (100 events/s)", $"{first.Percentile(50)} / {first.Percentile(99)} ms", "");
        _results.Json("P6", new { connects = options.ConnectCount, options.ConnectRate, okP50 = ok.Percentile(50), okP99 = ok.Percentile(99), firstP50 = first.Percentile(50), firstP99 = first.Percentile(99) });
        await producer.AnswerAsync();
    }

    private static LoadReport Report(JsonElement e) => e.Deserialize<LoadReport>()!;
}
