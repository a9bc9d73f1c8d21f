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

    private readonly List<(string Scenario, string Metric, string Value, string Target)> _rows = [];
    private readonly Dictionary<string, object> _json = [];
    private string _bootstrap = "";
    private ServiceUnderTest _service = null!;

    public async Task<int> RunAsync()
    {
        await using var broker = options.Bootstrap is null
            ? await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0, AutoCreateTopics = false, RetentionBytesPerPartition = 2L << 30 })
            : null;
        _bootstrap = options.Bootstrap ?? broker!.BootstrapServers;
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
            """);
        Console.WriteLine($"Broker {_bootstrap}{(broker is null ? "" : " (embedded dev broker)")}; starting the service (Release build)…");
        await using (_service = await ServiceUnderTest.StartAsync(repoRoot, _bootstrap, streamConfig,
            ["--Logging:LogLevel:EventStreams.Gateway.Api.StreamSession=Warning", .. options.ServiceSettings.Select(s => "--" + s)]))
        {
            foreach (var scenario in options.Scenarios.Split(','))
            {
                Console.WriteLine($"— {scenario}");
                switch (scenario.Trim().ToUpperInvariant())
                {
                    case "P1": await FanoutAsync(); break;
                    case "P2": await IdleConnectionsAsync(); break;
                    case "P3": await SteadyRateAsync(); break;
                    case "P5": await CatchUpAsync(); break;
                    case "P6": await ConnectLatencyAsync(); break;
                }
            }
        }
        File.Delete(streamConfig);
        PrintTable();
        Directory.CreateDirectory(options.Out);
        var file = Path.Combine(options.Out, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        _json["machine"] = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() };
        _json["options"] = options;
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(_json, new JsonSerializerOptions { WriteIndented = true }));
        Console.WriteLine($"Results written to {file}");
        return 0;
    }

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
            ]);
        }
        catch (CreateTopicsException e) when (e.Results.All(r => r.Error.Code is ErrorCode.NoError or ErrorCode.TopicAlreadyExists))
        {
        }
    }

    private Child Produce(string topic, int partitions, double rate, double seconds, long count = 0) =>
        Child.Start(benchDll, "produce", _bootstrap, topic, partitions.ToString(CultureInfo.InvariantCulture),
            rate.ToString(CultureInfo.InvariantCulture), seconds.ToString(CultureInfo.InvariantCulture),
            options.EventBytes.ToString(CultureInfo.InvariantCulture), count.ToString(CultureInfo.InvariantCulture));

    private Child Load(int bufferBytes = 0) => Child.Start(benchDll, "load", $"127.0.0.1:{_service.Port}", bufferBytes.ToString(CultureInfo.InvariantCulture));

    /// <summary>P1 (fan-out) with P4 (Kafka cost) sampled while it runs.</summary>
    private async Task FanoutAsync()
    {
        await using var load = Load();
        var connected = await load.AskAsync($"connect {options.FanoutClients} /v2/stream/bench-fanout 2500");
        // Warm up first: the JIT's tiered and profile-guided compilation would otherwise be measured.
        await using var producer = Produce(Fanout, 2, options.FanoutRate, WarmUpSeconds + options.FanoutSeconds);
        await Task.Delay(TimeSpan.FromSeconds(WarmUpSeconds));
        await load.AskAsync("report-reset");
        var cpuBefore = _service.CpuSeconds();
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(options.FanoutSeconds / 2));
        var kafkaClients = _service.LibrdkafkaClients();
        var brokerConnections = _service.ConnectionsTo(int.Parse(_bootstrap.Split(':')[^1], CultureInfo.InvariantCulture));
        var produced = await producer.AnswerAsync();
        await Task.Delay(TimeSpan.FromSeconds(2)); // let the last events arrive
        var seconds = clock.Elapsed.TotalSeconds - 2;
        var cpu = _service.CpuSeconds() - cpuBefore;
        var last = string.Join(',', produced.GetProperty("last").EnumerateArray().Select(e => e.GetInt64()));
        var tail = await load.AskAsync($"finish {last}");
        var report = Report(await load.AskAsync("report"));
        var latency = report.Latency.ToHistogram();
        var rate = report.Deliveries / seconds;
        Add("P1", "clients connected", $"{connected.GetProperty("connected").GetInt32():N0} / {options.FanoutClients:N0}", "5,000");
        Add("P1", "deliveries/s", $"{rate:N0}", "≥ 500,000");
        Add("P1", "latency p50 / p99 / max", $"{latency.Percentile(50)} / {latency.Percentile(99)} / {latency.Max} ms", "p99 ≤ 250 ms");
        Add("P1", "lost / duplicated", $"{report.Lost:N0} / {report.Duplicates:N0}", "0 / 0");
        Add("P1", "service CPU", $"{cpu / seconds * 100:N0} % of one core", "");
        Add("P4", "librdkafka clients / broker connections", $"{kafkaClients} / {brokerConnections}", "per partition, not per client");
        _json["P1"] = new { clients = options.FanoutClients, options.FanoutRate, deliveriesPerSecond = rate, p50 = latency.Percentile(50), p99 = latency.Percentile(99), max = latency.Max, report.Lost, report.Duplicates, tailLost = tail.GetProperty("tailLost").GetInt64(), cpuCores = cpu / seconds };
        _json["P4"] = new { librdkafkaClients = kafkaClients, brokerConnections };
    }

    /// <summary>P2: mostly idle connections; memory per connection from the service's RSS.</summary>
    private async Task IdleConnectionsAsync()
    {
        var rssBefore = _service.Rss();
        var cpuBefore = _service.CpuSeconds();
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
            var rss = _service.Rss() - rssBefore;
            var cpu = _service.CpuSeconds() - cpuBefore;
            var perConnection = connected == 0 ? 0 : rss / (double)connected;
            Add("P2", "idle clients connected", $"{connected:N0} / {options.IdleClients:N0}", "≥ 15,000");
            Add("P2", "memory per connection", $"{perConnection / 1024:N1} KB (RSS +{rss / 1048576.0:N0} MB)", "≤ 12 KB");
            Add("P2", "service CPU during ramp + hold", $"{cpu:N1} s over {clock.Elapsed.TotalSeconds:N0} s", "");
            _json["P2"] = new { connected, rssDeltaBytes = rss, bytesPerConnection = perConnection, cpuSeconds = cpu };
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
        Add("P3", "clients at 50 events/s with p99 ≤ 1 s", best >= options.SteadyMax ? $"≥ {best:N0} (the most tried)" : $"{best:N0}", "≥ 10,000");
        _json["P3"] = new { maxClientsWithinTarget = best, steps = results };
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
        Add("P5", "catch-up events/s (one client, since=0)", $"{rate:N0} ({delivered:N0} events)", "≥ 50,000");
        _json["P5"] = new { events = delivered, seconds = clock.Elapsed.TotalSeconds, eventsPerSecond = rate };
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
        Add("P6", $"time to :ok p50 / p99 ({options.ConnectRate:N0} connects/s)", $"{ok.Percentile(50)} / {ok.Percentile(99)} ms", "p99 ≤ 50 ms");
        Add("P6", "time to first event p50 / p99 (100 events/s)", $"{first.Percentile(50)} / {first.Percentile(99)} ms", "");
        _json["P6"] = new { connects = options.ConnectCount, options.ConnectRate, okP50 = ok.Percentile(50), okP99 = ok.Percentile(99), firstP50 = first.Percentile(50), firstP99 = first.Percentile(99) };
        await producer.AnswerAsync();
    }

    private static LoadReport Report(JsonElement e) => e.Deserialize<LoadReport>()!;

    private void Add(string scenario, string metric, string value, string target)
    {
        _rows.Add((scenario, metric, value, target));
        Console.WriteLine($"  {metric}: {value}");
    }

    private void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine($"| Scenario | Metric | Result | Target |");
        Console.WriteLine($"|---|---|---|---|");
        foreach (var (s, m, v, t) in _rows)
        {
            Console.WriteLine($"| {s} | {m} | {v} | {t} |");
        }
    }
}
