using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Run;

/// <summary>One row of the soak's per-minute table: the service process and what the clients saw in the interval before it (counts since the start).</summary>
public sealed record SoakSample(
    double Minutes, long RssBytes, double? GcHeapBytes, int OpenFiles, int Threads, double CpuCores,
    double DeliveriesPerSecond, long LatencyP50, long LatencyP99, int Open, long Left, long Reconnects, long Broken, long Lost, long Duplicates);

/// <summary>
/// S1: a soak. A fresh single host (its own process and log), N clients on a 2-partition stream
/// at R events/s for M minutes, each client leaving after a random stay and coming back with its
/// Last-Event-ID (the load client's churn mode) while its sequence checks carry on. Every sample
/// interval: the service's RSS, open file descriptors and threads (/proc), its GC heap
/// (dotnet_total_memory_bytes from its /metrics), CPU, deliveries/s, p99 and lost/duplicated so
/// far. At the end: the per-minute table and whether each series stayed flat (<see cref="FlatnessVerdict"/>).
/// </summary>
public sealed class SoakScenario(BenchOptions options, NodeCommands nodes, BenchChildren children, BenchResults results, string logDirectory)
{
    private const string Name = "S1";
    public const string Topic = "bench.soak", Stream = "bench-soak";
    public const int Partitions = 2;

    // 2,000 clients connect in 10 s.
    private const double ConnectRate = 200;
    // A client that left comes back after 1–5 s: long enough for events to pile up behind its id.
    private const double AwayMinSeconds = 1, AwayMaxSeconds = 5;
    private const string GcHeapMetric = "dotnet_total_memory_bytes";
    // The producer is told to stop; this only bounds it should the runner die.
    private const double ProducerExtraSeconds = 120;
    // After the producer stops, for its last events to arrive everywhere.
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);
    private const double MiB = 1024 * 1024;
    // Clients away when the churn stops come back within AwayMaxSeconds; a resume takes milliseconds.
    private static readonly TimeSpan ReturnDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    // Flatness tolerances (see FlatnessVerdict): 10 % of the level, or the series' own noise when
    // that is larger. Memory: a GC cycle moves the heap by tens of MB under this load. Handles:
    // clients away at the moment of a sample (about 4 % of them on average). Threads: the
    // thread pool grows and shrinks by a few.
    private const double RelativeTolerance = 0.10;
    private const double MemoryNoiseBytes = 16 * MiB;
    private const double OpenFilesNoise = 50;
    private const double ThreadsNoise = 5;

    public async Task RunAsync()
    {
        Directory.CreateDirectory(logDirectory);
        var duration = TimeSpan.FromMinutes(options.SoakMinutes);
        var interval = TimeSpan.FromSeconds(options.SoakSampleSeconds);
        Console.WriteLine("  starting a fresh service for the soak (Release build)…");
        await using var service = await ServiceUnderTest.StartAsync(nodes, Path.Combine(logDirectory, "service.log"));
        await using var producer = children.Produce(Topic, Partitions, options.SoakRate, duration.TotalSeconds + ProducerExtraSeconds);
        await using var load = children.Load([$"127.0.0.1:{service.Port}"]);
        var churn = string.Join(' ', new[] { options.SoakStayMin, options.SoakStayMax, AwayMinSeconds, AwayMaxSeconds }.Select(Invariant));
        var connected = (await load.AskAsync($"connect {options.SoakClients} /v2/stream/{Stream} {Invariant(ConnectRate)} churn {churn}"))
            .GetProperty("connected").GetInt32();
        Console.WriteLine($"  {connected:N0} of {options.SoakClients:N0} clients connected; soaking for {options.SoakMinutes} min");

        var totals = new Totals();
        var samples = new List<SoakSample>();
        var clock = Stopwatch.StartNew();
        var cpu = service.CpuSeconds();
        await load.AskAsync("report-reset");
        samples.Add(await SampleAsync(service, load, totals, 0, 0, 0));
        for (var next = interval; next <= duration; next += interval)
        {
            var wait = next - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var seconds = interval.TotalSeconds;
            var cpuNow = service.CpuSeconds();
            samples.Add(await SampleAsync(service, load, totals, clock.Elapsed.TotalMinutes, (cpuNow - cpu) / seconds, seconds));
            cpu = cpuNow;
            Console.WriteLine($"  {Row(samples[^1])}");
            if (service.HasExited)
            {
                throw new InvalidOperationException($"The service exited during the soak (see {logDirectory}).");
            }
        }

        // Every client back and staying before the end-of-run check: one away would count as lost.
        await load.AskAsync("churn-stop");
        await WaitAllOpenAsync(load, connected, totals);
        var produced = await producer.AskAsync("stop");
        await Task.Delay(Drain);
        var last = string.Join(',', produced.GetProperty("last").EnumerateArray().Select(e => e.GetInt64()));
        var tail = await load.AskAsync($"finish {last}");
        totals.Add((await load.AskAsync("report")).Deserialize<LoadReport>()!);

        var verdicts = new (string Series, string Unit, double Scale, FlatnessVerdict Verdict)[]
        {
            ("RSS", "MB", MiB, FlatnessVerdict.Judge([.. samples.Select(s => (double)s.RssBytes)], RelativeTolerance, MemoryNoiseBytes)),
            ("GC heap", "MB", MiB, FlatnessVerdict.Judge([.. samples.Where(s => s.GcHeapBytes is not null).Select(s => s.GcHeapBytes!.Value)], RelativeTolerance, MemoryNoiseBytes)),
            ("open files", "fds", 1, FlatnessVerdict.Judge([.. samples.Select(s => (double)s.OpenFiles)], RelativeTolerance, OpenFilesNoise)),
            ("threads", "threads", 1, FlatnessVerdict.Judge([.. samples.Select(s => (double)s.Threads)], RelativeTolerance, ThreadsNoise)),
        };
        var (warnings, errors) = service.LogCounts;
        results.Add(Name, "clients / events", $"{connected:N0} / {options.SoakClients:N0} clients, {options.SoakRate:N0} events/s over {Partitions} partitions, {options.SoakMinutes} min; " +
            $"each stays {options.SoakStayMin:N0}–{options.SoakStayMax:N0} s, away {AwayMinSeconds:N0}–{AwayMaxSeconds:N0} s", "");
        results.Add(Name, "left and came back / broken streams / failed connects", $"{totals.Left:N0} / {totals.Broken:N0} / {Failures(totals.Failures)}", "— / 0 / none");
        results.Add(Name, "lost / duplicated (incl. the end-of-run check)", $"{totals.Lost:N0} / {totals.Duplicates:N0}", "0 / 0");
        foreach (var (series, unit, scale, verdict) in verdicts)
        {
            results.Add(Name, $"{series}, second → last third", verdict.Describe(unit, scale), "flat");
        }
        results.Add(Name, "service log warnings / errors", $"{warnings} / {errors} (log: {logDirectory})", "0 / 0");
        results.Table($"{Name} per sample (service process; clients' counts since the start):", TableLines(samples));
        results.Json(Name, new
        {
            clients = options.SoakClients, connected, options.SoakRate, options.SoakMinutes, options.SoakStayMin, options.SoakStayMax,
            awayMinSeconds = AwayMinSeconds, awayMaxSeconds = AwayMaxSeconds, samples,
            verdicts = verdicts.Select(v => new { v.Series, v.Verdict.Flat, v.Verdict.SecondThirdMean, v.Verdict.LastThirdMean, v.Verdict.Allowed }),
            totals.Left, totals.Broken, totals.Reconnects, totals.Lost, totals.Duplicates, tailLost = tail.GetProperty("tailLost").GetInt64(), totals.Failures,
            logs = new { warnings, errors }, logDirectory,
        });
    }

    private static async Task WaitAllOpenAsync(Child load, int connected, Totals totals)
    {
        var deadline = DateTime.UtcNow + ReturnDeadline;
        while (true)
        {
            var report = (await load.AskAsync("report-reset")).Deserialize<LoadReport>()!;
            totals.Add(report);
            if (report.Open >= connected)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name}: only {report.Open:N0} of {connected:N0} clients had an open stream {ReturnDeadline.TotalSeconds:N0} s after they stopped leaving.");
            }
            await Task.Delay(Poll);
        }
    }

    /// <summary>The process now, and the clients' report since the last sample (added to the totals).</summary>
    private static async Task<SoakSample> SampleAsync(ServiceUnderTest service, Child load, Totals totals, double minutes, double cpuCores, double seconds)
    {
        var metrics = await service.GetStringAsync("/metrics");
        var report = (await load.AskAsync("report-reset")).Deserialize<LoadReport>()!;
        totals.Add(report);
        var latency = report.Latency.ToHistogram();
        return new SoakSample(minutes, service.Rss(), PrometheusText.Value(metrics, GcHeapMetric), service.OpenFiles(), service.Threads(), cpuCores,
            seconds > 0 ? report.Deliveries / seconds : 0, latency.Percentile(50), latency.Percentile(99), report.Open,
            totals.Left, totals.Reconnects, totals.Broken, totals.Lost, totals.Duplicates);
    }

    // Latency is produce → receive: a client that comes back gets what it missed while away, late,
    // so the p99 includes those catch-ups (up to the absence); the p50 is the live latency.
    private const string Header = "| min | RSS MB | GC heap MB | open fds | threads | CPU cores | deliveries/s | p50 / p99 ms | open streams | left+returned | broken | lost | dup |";

    /// <summary>The per-sample table as markdown.</summary>
    public static IReadOnlyList<string> TableLines(IReadOnlyList<SoakSample> samples) =>
        [Header, "|" + string.Concat(Enumerable.Repeat("---|", Header.Count(c => c == '|') - 1)), .. samples.Select(Row)];

    private static string Row(SoakSample s) => string.Create(CultureInfo.InvariantCulture,
        $"| {s.Minutes:N1} | {s.RssBytes / MiB:N0} | {(s.GcHeapBytes is { } heap ? (heap / MiB).ToString("N0", CultureInfo.InvariantCulture) : "—")} | {s.OpenFiles:N0} | {s.Threads} | {s.CpuCores:N2} | " +
        $"{s.DeliveriesPerSecond:N0} | {s.LatencyP50} / {s.LatencyP99} | {s.Open:N0} | {s.Left:N0} | {s.Broken:N0} | {s.Lost:N0} | {s.Duplicates:N0} |");

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Failures(IReadOnlyDictionary<string, int> failures) =>
        failures.Count == 0 ? "none" : string.Join(", ", failures.Select(f => $"{f.Key} ×{f.Value}"));

    /// <summary>The clients' counts summed over the per-sample reports (each report resets them).</summary>
    private sealed class Totals
    {
        private readonly Dictionary<string, int> _failures = [];

        public long Left { get; private set; }
        public long Reconnects { get; private set; }
        public long Broken { get; private set; }
        public long Lost { get; private set; }
        public long Duplicates { get; private set; }
        public IReadOnlyDictionary<string, int> Failures => _failures;

        public void Add(LoadReport report)
        {
            Left += report.Left;
            Reconnects += report.Reconnects;
            Broken += report.Disconnects;
            Lost += report.Lost;
            Duplicates += report.Duplicates;
            foreach (var (reason, count) in report.Failures)
            {
                _failures[reason] = _failures.GetValueOrDefault(reason) + count;
            }
        }
    }
}
