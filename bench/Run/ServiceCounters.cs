namespace EventStreams.Bench.Run;

/// <summary>
/// A reading of a single host's cumulative counters: CPU time and run-queue wait from /proc, and the gateway's
/// /metrics counters of feed appends, filter evaluations, deliveries and slow-client disconnects.
/// The difference of two readings is what happened between them.
/// </summary>
public sealed record ServiceCounters(double CpuSeconds, double WaitSeconds, double FeedEvents, double FilterEvaluations, double Delivered, double SlowDisconnects)
{
    public const string FeedEventsMetric = "eventstreams_feed_events_total";
    public const string FilterEvaluationsMetric = "eventstreams_filter_evaluations_total";
    public const string DeliveredMetric = "eventstreams_events_delivered_total";
    public const string SlowDisconnectsMetric = "eventstreams_slow_client_disconnects_total";

    /// <summary>The counters in <paramref name="metrics"/> (a /metrics scrape; a counter not yet created reads 0).</summary>
    public static ServiceCounters Parse(double cpuSeconds, double waitSeconds, string metrics) => new(
        cpuSeconds,
        waitSeconds,
        PrometheusText.Value(metrics, FeedEventsMetric) ?? 0,
        PrometheusText.Value(metrics, FilterEvaluationsMetric) ?? 0,
        PrometheusText.Value(metrics, DeliveredMetric) ?? 0,
        PrometheusText.Value(metrics, SlowDisconnectsMetric) ?? 0);

    // A service that cannot keep up answers /metrics late (F1 at 10,000 events/s took over 10 s);
    // a late answer is still a reading, and the CPU time is read when it arrives.
    private static readonly TimeSpan ScrapeTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Reads the counters; the CPU time is taken when the scrape has arrived, so both describe about the same moment.</summary>
    public static async Task<ServiceCounters> ReadAsync(ServiceUnderTest service)
    {
        var metrics = await service.GetStringAsync("/metrics", ScrapeTimeout);
        return Parse(service.CpuSeconds(), ProcFs.RunQueueWaitSeconds(service.Pid), metrics);
    }

    public static ServiceCounters operator -(ServiceCounters a, ServiceCounters b) => new(
        a.CpuSeconds - b.CpuSeconds, a.WaitSeconds - b.WaitSeconds, a.FeedEvents - b.FeedEvents, a.FilterEvaluations - b.FilterEvaluations,
        a.Delivered - b.Delivered, a.SlowDisconnects - b.SlowDisconnects);
}
