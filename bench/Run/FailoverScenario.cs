using System.Diagnostics;
using System.Text.Json;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Run;

/// <summary>
/// C2: failover under moderate load. Two silos and two gateways (Redis membership); clients on
/// both gateways read a stream of several partitions, resuming EventSource-style if a stream
/// breaks. First kill -9 the silo that hosts the most TopicGrains: the time until the moved
/// partitions deliver an event produced after the kill, and what the open connections lost, got
/// twice, or had to reconnect. Then kill -9 a gateway: its clients reconnect to the other with
/// their Last-Event-ID; the time to resume, and what they lost or got twice.
/// </summary>
public sealed class FailoverScenario(BenchOptions options, NodeCommands nodes, BenchChildren children, BenchResults results, string logDirectory)
{
    private const string Name = "C2";
    private const int Silos = 2, Gateways = 2;
    private const double ConnectRate = 1000;
    // Gateways re-read the list of silos every 5 s (Orleans:GatewayListRefreshPeriod): both must
    // know both silos before one dies, or a gateway connected to the victim alone waits for it.
    private static readonly TimeSpan MembershipSettle = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan SeenDeadline = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RecoveryDeadline = TimeSpan.FromSeconds(60);
    // Resuming clients each resolve their Last-Event-ID with the silos' partition readers (a Kafka
    // round trip per partition, a few at a time): a thousand of them take over a minute here.
    private static readonly TimeSpan ResumeDeadline = TimeSpan.FromSeconds(180);
    // Events keep flowing this long after each recovery before its losses are counted.
    private static readonly TimeSpan AfterRecovery = TimeSpan.FromSeconds(5);
    // After the producer stops, for its last events to arrive everywhere.
    private static readonly TimeSpan Drain = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);
    // The producer runs until told to stop; this only bounds it should the runner die.
    private const double ProducerMaxSeconds = 600;

    public async Task RunAsync()
    {
        var partitions = options.FailoverPartitions;
        var runClock = Stopwatch.StartNew();
        await using var cluster = await ClusterUnderTest.StartAsync(nodes, Silos, Gateways, logDirectory);
        await using var producer = children.Produce(ClusterTopics.Failover, partitions, options.FailoverRate, ProducerMaxSeconds);
        await using var load = children.Load(cluster.GatewayEndpoints);
        var connected = (await load.AskAsync($"connect {options.FailoverClients} /v2/stream/{ClusterTopics.FailoverStream} {ConnectRate} reconnect"))
            .GetProperty("connected").GetInt32();
        await Task.Delay(MembershipSettle);
        await WaitAsync(load, r => r.SeenBy.Length >= partitions && r.SeenBy.Take(partitions).All(n => n == connected), SeenDeadline,
            "every client to receive an event of every partition");

        // 1. kill -9 of the silo hosting the most TopicGrains.
        var before = await cluster.PartitionsBySiloAsync(ClusterTopics.Failover);
        var victim = Array.IndexOf(before, before.MaxBy(p => p.Length));
        var moved = before[victim];
        if (moved.Length == 0)
        {
            throw new InvalidOperationException($"No silo reports a TopicGrain of {ClusterTopics.Failover} in /metrics.");
        }
        await load.AskAsync("report-reset");
        var siloKill = await KillAsync(load, cluster.Silos[victim]);
        var siloRecovered = await WaitAsync(load, r => moved.All(p => r.FirstAfterMark.Length > p && r.FirstAfterMark[p] > 0), RecoveryDeadline,
            "the moved partitions to deliver again");
        var firstAfter = siloRecovered.FirstAfterMark;
        var failoverMs = moved.Select(p => firstAfter[p] - siloKill).ToArray();
        var stayedMs = Enumerable.Range(0, partitions).Except(moved).Where(p => firstAfter[p] > 0).Select(p => firstAfter[p] - siloKill).DefaultIfEmpty(0).Max();
        await Task.Delay(AfterRecovery);
        var afterSiloKill = await ReportAsync(load);
        var after = await cluster.PartitionsBySiloAsync(ClusterTopics.Failover);

        // 2. kill -9 of a gateway: its clients resume on the other with their Last-Event-ID.
        var gatewayVictim = cluster.Gateways[0];
        var onVictim = gatewayVictim.HttpConnections();
        await load.AskAsync("report-reset");
        var gatewayKill = await KillAsync(load, gatewayVictim);
        await WaitAsync(load, r => r.Resume.ToHistogram().Count >= onVictim && r.Open == connected, ResumeDeadline,
            "the killed gateway's clients to resume");
        var allResumedMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - gatewayKill;
        var firstAfterGatewayKill = (await ReportAsync(load)).FirstAfterMark.Take(partitions).Select(t => t == 0 ? -1 : t - gatewayKill).ToArray();
        await Task.Delay(AfterRecovery);
        var produced = await producer.AskAsync("stop");
        await Task.Delay(Drain);
        var last = string.Join(',', produced.GetProperty("last").EnumerateArray().Select(e => e.GetInt64()));
        var tail = await load.AskAsync($"finish {last}");
        var afterGatewayKill = await ReportAsync(load);
        var resume = afterGatewayKill.Resume.ToHistogram();
        var reopen = afterGatewayKill.Reopen.ToHistogram();
        var latencyAfterGatewayKill = afterGatewayKill.Latency.ToHistogram();

        results.Add(Name, "clients / events", $"{connected:N0} / {options.FailoverClients:N0} clients on {Gateways} gateways, {options.FailoverRate:N0} events/s over {partitions} partitions", "");
        results.Add(Name, "silo kill: partitions moved", $"{moved.Length} of {partitions} (silo{victim}: {string.Join(",", moved)}); after: {Placement(after)}", "all on the survivor");
        results.Add(Name, "silo kill: kill → first event on the moved partitions", $"{failoverMs.Max() / 1000.0:N1} s (per partition {string.Join(" / ", failoverMs.Select(ms => $"{ms / 1000.0:N1}"))} s; others {stayedMs} ms)", "≈ 3 × ProbeTimeout (6 s)");
        results.Add(Name, "silo kill: lost / duplicated / streams broken", $"{afterSiloKill.Lost:N0} / {afterSiloKill.Duplicates:N0} / {afterSiloKill.Disconnects:N0}", "0 / 0 / 0");
        results.Add(Name, "gateway kill: clients that reconnected", $"{afterGatewayKill.Disconnects:N0} (gateway0 had {onVictim:N0}); failed attempts {Failures(afterGatewayKill)}", $"{onVictim:N0}");
        results.Add(Name, "gateway kill: time to resume p50 / p99 / max", $"{resume.Percentile(50)} / {resume.Percentile(99)} / {resume.Max} ms to the first event (200 after {reopen.Percentile(50)} / {reopen.Percentile(99)} / {reopen.Max} ms); all resumed {allResumedMs / 1000.0:N1} s after the kill", "");
        results.Add(Name, "gateway kill: kill → first new event per partition; latency p99 / max", $"{string.Join(" / ", firstAfterGatewayKill)} ms; {latencyAfterGatewayKill.Percentile(99)} / {latencyAfterGatewayKill.Max} ms", "");
        results.Add(Name, "gateway kill: lost / duplicated", $"{afterGatewayKill.Lost:N0} / {afterGatewayKill.Duplicates:N0}", "0 / 0");
        results.Add(Name, "node log warnings / errors", cluster.LogSummary(), "");
        results.Json(Name, new
        {
            clients = options.FailoverClients, connected, options.FailoverRate, partitions, wallSeconds = runClock.Elapsed.TotalSeconds,
            siloKill = new
            {
                victim = $"silo{victim}", before, after, moved, failoverMs, otherPartitionsMs = stayedMs,
                afterSiloKill.Lost, afterSiloKill.Duplicates, afterSiloKill.Disconnects, afterSiloKill.Reconnects, afterSiloKill.Failures,
            },
            gatewayKill = new
            {
                victim = gatewayVictim.Name, clientsOnVictim = onVictim, afterGatewayKill.Disconnects, afterGatewayKill.Reconnects,
                resumeP50 = resume.Percentile(50), resumeP99 = resume.Percentile(99), resumeMax = resume.Max, allResumedMs,
                reopenP50 = reopen.Percentile(50), reopenP99 = reopen.Percentile(99), reopenMax = reopen.Max, firstAfterKillMs = firstAfterGatewayKill,
                latencyP99 = latencyAfterGatewayKill.Percentile(99), latencyMax = latencyAfterGatewayKill.Max,
                afterGatewayKill.Lost, afterGatewayKill.Duplicates, tailLost = tail.GetProperty("tailLost").GetInt64(), afterGatewayKill.Failures,
                reconnectedClientsInAll = afterGatewayKill.ReconnectedClients, openAtEnd = afterGatewayKill.Open,
            },
            logs = cluster.LogCounts(), logDirectory,
        });
    }

    /// <summary>
    /// kill -9, then marks the load: events produced after the kill can only reach clients through
    /// whatever took over. Returns the kill's Unix ms.
    /// </summary>
    private static async Task<long> KillAsync(Child load, ServiceUnderTest node)
    {
        node.Kill();
        var killed = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        await load.AskAsync($"mark {killed}");
        Console.WriteLine($"  kill -9 {node.Name}");
        return killed;
    }

    private static async Task<LoadReport> ReportAsync(Child load) => (await load.AskAsync("report")).Deserialize<LoadReport>()!;

    private static async Task<LoadReport> WaitAsync(Child load, Func<LoadReport, bool> until, TimeSpan deadline, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var report = await ReportAsync(load);
            if (until(report))
            {
                return report;
            }
            if (clock.Elapsed > deadline)
            {
                throw new TimeoutException($"C2: waited {deadline.TotalSeconds:N0} s for {what}; last report: open {report.Open}, " +
                    $"seen by {string.Join(",", report.SeenBy)}, first after mark {string.Join(",", report.FirstAfterMark.Take(8))}, failures {Failures(report)}.");
            }
            await Task.Delay(Poll);
        }
    }

    private static string Placement(int[][] bySilo) => string.Join(", ", bySilo.Select((p, i) => $"silo{i} [{string.Join(",", p)}]"));

    private static string Failures(LoadReport report) =>
        report.Failures.Count == 0 ? "none" : string.Join(", ", report.Failures.Select(f => $"{f.Key} ×{f.Value}"));
}
