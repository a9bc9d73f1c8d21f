using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Run;

/// <summary>
/// F1: server-side filtering. A fresh single host (its own process and log) and events that each
/// carry a bucket 0..B-1 (<see cref="Produce.EventStamper"/>), on a stream per phase. In the same
/// run, one phase after the other on the same service and producer rate:
/// <list type="bullet">
/// <item>one unfiltered client: what consuming the stream and appending it to the feeds costs nearly alone
/// (a feed exists only while a connection reads it);</item>
/// <item>filtered: N clients, client i with <c>where=b=i mod B</c> (B distinct filters, each keeping 1/B of the events);
/// every client must receive exactly its bucket's events (sequence numbers per partition and bucket);</item>
/// <item>unfiltered at R/B events/s: the same clients without a filter and as many deliveries as the filtered phase;</item>
/// <item>unfiltered at R: the same clients and rate without a filter (B times the deliveries offered).</item>
/// </list>
/// For each: producer rate achieved, feed appends and filter evaluations per second (the
/// gateway's counters), service CPU, CPU per evaluation and per delivery, deliveries/s, latency,
/// how far the feeds were behind the producer, and lost / duplicated / wrong-filter events.
/// </summary>
public sealed class FilterScenario(BenchOptions options, NodeCommands nodes, BenchChildren children, BenchResults results, string logDirectory)
{
    private const string Name = "F1";
    public const int Partitions = 2;
    // One topic and stream per phase: a phase that fell behind leaves events in Kafka that its
    // grain would otherwise go on feeding to the next phase's clients.
    private const int PhaseCount = 4;

    /// <summary>The topics and streams of the phases (for the runner's stream configuration and topic creation).</summary>
    public static IEnumerable<(string Topic, string Stream)> Topics =>
        Enumerable.Range(0, PhaseCount).Select(i => ($"bench.filter.{i}", $"bench-filter-{i}"));

    /// <summary>Their entries in the stream configuration (YAML).</summary>
    public static string StreamConfig => string.Concat(Topics.Select(t => $"{t.Stream}:\n  topics: [{t.Topic}]\n"));

    // The default ring (8,192 events per partition) holds 1.6 s at 5,000 events/s per partition:
    // on 2 shared cores, where the service's threads wait for a CPU longer than they run, one
    // fan-out round over 5,000 connections can take longer than that and every client is cut as
    // too slow (measured: all 5,000 in the first seconds). 65,536 events hold 13 s (64 MB per
    // partition of 1 KB events), so the phase measures delivery rather than the ring's size.
    // --service Gateway:FeedBufferEvents=… overrides it.
    private static readonly string[] ServiceSettings = ["Gateway:FeedBufferEvents=65536"];
    // As P1: 5,000 clients connect in 2 s.
    private const double ConnectRate = 2500;
    // The first seconds of each phase are not measured: JIT tiering, and the clients' first round.
    private static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(5);
    // After the producer's last event, for it to arrive everywhere (as P1).
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(2);
    // Between phases: the previous clients' connections close and their filters are released.
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(3);
    // The one-client phase only measures consumption, which needs no long window.
    private const double OneClientSeconds = 10;

    private sealed record Phase(string Label, int Clients, double Rate, bool Filtered, double Seconds);

    public async Task RunAsync()
    {
        Directory.CreateDirectory(logDirectory);
        Console.WriteLine("  starting a fresh service for the filter scenario (Release build)…");
        await using var service = await ServiceUnderTest.StartAsync(nodes, Path.Combine(logDirectory, "service.log"), ServiceSettings);
        Phase[] phases =
        [
            new("one client, unfiltered", 1, options.FilterRate, false, OneClientSeconds),
            new("filtered", options.FilterClients, options.FilterRate, true, options.FilterSeconds),
            new($"unfiltered at {options.FilterRate / options.FilterBuckets:N0} events/s (same deliveries)", options.FilterClients,
                options.FilterRate / options.FilterBuckets, false, options.FilterSeconds),
            new("unfiltered at the same rate", options.FilterClients, options.FilterRate, false, options.FilterSeconds),
        ];
        var figures = new List<FilterPhaseFigures>();
        foreach (var (phase, (topic, stream)) in phases.Zip(Topics))
        {
            Console.WriteLine($"  phase: {phase.Label}");
            figures.Add(await MeasureAsync(service, phase, topic, stream));
            Console.WriteLine($"  {Describe(figures[^1])}");
            if (service.HasExited)
            {
                throw new InvalidOperationException($"The service exited during F1 (see {logDirectory}).");
            }
            await Task.Delay(Settle);
        }
        var (warnings, errors) = service.LogCounts;
        Report(figures, warnings, errors);
    }

    private async Task<FilterPhaseFigures> MeasureAsync(ServiceUnderTest service, Phase phase, string topic, string stream)
    {
        await using var load = children.Load([$"127.0.0.1:{service.Port}"]);
        var path = phase.Filtered ? $"/v2/stream/{stream}?where=b={{bucket}} {Invariant(ConnectRate)} buckets {options.FilterBuckets}" : $"/v2/stream/{stream} {Invariant(ConnectRate)}";
        var connected = (await load.AskAsync($"connect {phase.Clients} {path}")).GetProperty("connected").GetInt32();
        var start = await ServiceCounters.ReadAsync(service);
        await using var producer = children.Produce(topic, Partitions, phase.Rate, WarmUp.TotalSeconds + phase.Seconds, buckets: options.FilterBuckets);
        await Task.Delay(WarmUp);
        await load.AskAsync("report-reset");
        var warm = await ServiceCounters.ReadAsync(service);
        // From the warm reading's arrival: a scrape the service answers late shortens the window, not the rates.
        var clock = Stopwatch.StartNew();
        var produced = await producer.AnswerAsync();
        var sent = produced.GetProperty("sent").GetInt64();
        var atStop = await ServiceCounters.ReadAsync(service);
        await Task.Delay(Drain);
        var end = await ServiceCounters.ReadAsync(service);
        var seconds = clock.Elapsed.TotalSeconds - Drain.TotalSeconds;
        var (feedRate, evaluationRate, cpu, wait) = FilterPhaseFigures.Rates(end - warm, seconds);

        var share = await load.AskAsync($"finish {Numbers(produced, "last")} {Numbers(produced, "bucketLast")}");
        var report = (await load.AskAsync("report")).Deserialize<LoadReport>()!;
        var latency = report.Latency.ToHistogram();
        return new FilterPhaseFigures(
            phase.Label, phase.Clients, connected, sent / produced.GetProperty("seconds").GetDouble(), feedRate, evaluationRate, cpu, wait,
            report.Deliveries / seconds, latency.Percentile(50), latency.Percentile(99), latency.Max,
            FilterPhaseFigures.Behind(sent, atStop - start), FilterPhaseFigures.Behind(sent, end - start),
            (long)(end - start).SlowDisconnects, report.Lost, report.Duplicates, report.WrongFilter,
            Share(share));
    }

    private void Report(List<FilterPhaseFigures> figures, int warnings, int errors)
    {
        var filtered = figures.Single(f => f.Phase == "filtered");
        results.Add(Name, "filtered: clients / distinct filters / events", $"{filtered.Connected:N0} / {options.FilterClients:N0} connected, {options.FilterBuckets} filters (where=b=K), " +
            $"{options.FilterRate:N0} events/s of {options.EventBytes:N0} B over {Partitions} partitions, {options.FilterSeconds:N0} s", "5,000 / 50 / 10,000/s");
        results.Add(Name, "filtered: producer rate / feed appends / behind at stop → after drain",
            $"{filtered.ProducedPerSecond:N0} / {filtered.FeedEventsPerSecond:N0} events/s / {filtered.BehindAtStop:N0} → {filtered.BehindAfterDrain:N0}", "keeps up: → 0");
        results.Add(Name, "filtered: filter evaluations/s / CPU per evaluation", $"{filtered.EvaluationsPerSecond:N0} / {filtered.CpuNanosecondsPerEvaluation:N0} ns", "");
        results.Add(Name, "filtered: deliveries/s / latency p50 / p99 / max", $"{filtered.DeliveriesPerSecond:N0} / {filtered.P50} / {filtered.P99} / {filtered.Max} ms", "");
        results.Add(Name, "filtered: clients with exactly their share / short / with a duplicate / with another bucket's event",
            $"{filtered.Share.ClientsExact:N0} of {filtered.Connected:N0} / {filtered.Share.ClientsShort:N0} / {filtered.Share.ClientsDuplicated:N0} / {filtered.Share.ClientsWrongFilter:N0}", "all / 0 / 0 / 0");
        results.Add(Name, "filtered: events lost / duplicated / of another bucket; slow disconnects",
            $"{filtered.Lost:N0} / {filtered.Duplicates:N0} / {filtered.WrongFilter:N0}; {filtered.SlowDisconnects:N0}", "0 / 0 / 0; 0");
        foreach (var f in figures)
        {
            results.Add(Name, $"{f.Phase}: service CPU (waiting for a CPU) / per feed event / per delivery",
                $"{f.CpuCores * 100:N0} % of a core ({Waiting(f)}) / {f.CpuMicrosecondsPerFeedEvent:N1} µs / {f.CpuMicrosecondsPerDelivery:N2} µs", "");
        }
        results.Add(Name, "service log warnings / errors", $"{warnings} / {errors} (log: {logDirectory})", "0 / 0");
        results.Table($"{Name} per phase (same service, one after the other):", TableLines(figures));
        results.Json(Name, new { options.FilterClients, options.FilterBuckets, options.FilterRate, options.FilterSeconds, phases = figures, logs = new { warnings, errors }, logDirectory });
    }

    private const string Header = "| phase | clients | produced/s | feed appends/s | behind at stop → drained | evaluations/s | service CPU (waiting for a CPU) | µs CPU per feed event | ns CPU per evaluation | deliveries/s | µs CPU per delivery | p50 / p99 / max ms | clients exact / short / with a duplicate / with a wrong event | lost / dup / wrong events | slow disconnects |";

    /// <summary>The per-phase table as markdown.</summary>
    public static IReadOnlyList<string> TableLines(IReadOnlyList<FilterPhaseFigures> figures) =>
        [Header, "|" + string.Concat(Enumerable.Repeat("---|", Header.Count(c => c == '|') - 1)), .. figures.Select(Row)];

    private static string Row(FilterPhaseFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"| {f.Phase} | {f.Connected:N0} | {f.ProducedPerSecond:N0} | {f.FeedEventsPerSecond:N0} | {f.BehindAtStop:N0} → {f.BehindAfterDrain:N0} | {f.EvaluationsPerSecond:N0} | " +
        $"{f.CpuCores * 100:N0} % ({Waiting(f)}) | {f.CpuMicrosecondsPerFeedEvent:N1} | {f.CpuNanosecondsPerEvaluation:N0} | {f.DeliveriesPerSecond:N0} | {f.CpuMicrosecondsPerDelivery:N2} | " +
        $"{f.P50} / {f.P99} / {f.Max} | {f.Share.ClientsExact:N0} / {f.Share.ClientsShort:N0} / {f.Share.ClientsDuplicated:N0} / {f.Share.ClientsWrongFilter:N0} | {f.Lost:N0} / {f.Duplicates:N0} / {f.WrongFilter:N0} | {f.SlowDisconnects:N0} |");

    private static string Describe(FilterPhaseFigures f) => string.Create(CultureInfo.InvariantCulture,
        $"{f.Connected:N0} clients; produced {f.ProducedPerSecond:N0}/s, feeds {f.FeedEventsPerSecond:N0}/s (behind {f.BehindAtStop:N0} → {f.BehindAfterDrain:N0}); " +
        $"{f.EvaluationsPerSecond:N0} evaluations/s; CPU {f.CpuCores * 100:N0} % (waiting {Waiting(f)}); {f.DeliveriesPerSecond:N0} deliveries/s, p99 {f.P99} ms; lost {f.Lost:N0}, dup {f.Duplicates:N0}, wrong {f.WrongFilter:N0}; clients exact {f.Share.ClientsExact:N0}, short {f.Share.ClientsShort:N0}");

    // Threads that ended during the window take their wait with them, so the sum can shrink: then it says nothing.
    private static string Waiting(FilterPhaseFigures f) =>
        f.WaitCores >= 0 ? string.Create(CultureInfo.InvariantCulture, $"{f.WaitCores * 100:N0} %") : "—";

    private static ShareSummary Share(JsonElement finish) => new(
        finish.GetProperty("tailLost").GetInt64(), finish.GetProperty("partitionsNeverSeen").GetInt64(), finish.GetProperty("clientsExact").GetInt32(),
        finish.GetProperty("clientsShort").GetInt32(), finish.GetProperty("clientsDuplicated").GetInt32(), finish.GetProperty("clientsWrongFilter").GetInt32());

    private static string Numbers(JsonElement produced, string property) =>
        string.Join(',', produced.GetProperty(property).EnumerateArray().Select(e => e.GetInt64()));

    private static string Invariant(double value) => value.ToString(CultureInfo.InvariantCulture);
}
