namespace EventStreams.Bench.Run;

/// <summary>
/// What one phase of F1 measured, over its window (from the end of the warm-up until the drain
/// after the producer stopped, divided by the producing time in it, as P1): rates, CPU and the
/// CPU per event and per evaluation, and how far the feeds were behind the producer.
/// </summary>
/// <param name="Phase">filtered, unfiltered, …</param>
/// <param name="ProducedPerSecond">The rate the producer achieved over its whole run.</param>
/// <param name="WaitCores">Seconds per second the service's threads were runnable but waited for a CPU (/proc schedstat).</param>
/// <param name="BehindAtStop">Events produced but not yet appended to the feeds when the producer stopped.</param>
/// <param name="BehindAfterDrain">The same after the drain: above 0, the service did not keep up.</param>
/// <param name="Share">The end-of-run check: clients that got exactly their share, and those short, with a duplicate, or with another bucket's event.</param>
public sealed record FilterPhaseFigures(
    string Phase, int Clients, int Connected, double ProducedPerSecond, double FeedEventsPerSecond, double EvaluationsPerSecond,
    double CpuCores, double WaitCores, double DeliveriesPerSecond, long P50, long P99, long Max, long BehindAtStop, long BehindAfterDrain,
    long SlowDisconnects, long Lost, long Duplicates, long WrongFilter, Load.ShareSummary Share)
{
    /// <summary>Service CPU per filter evaluation, in nanoseconds (0 when nothing was evaluated).</summary>
    public double CpuNanosecondsPerEvaluation => EvaluationsPerSecond > 0 ? CpuCores / EvaluationsPerSecond * 1e9 : 0;

    /// <summary>Service CPU per event appended to the feeds, in microseconds.</summary>
    public double CpuMicrosecondsPerFeedEvent => FeedEventsPerSecond > 0 ? CpuCores / FeedEventsPerSecond * 1e6 : 0;

    /// <summary>Service CPU per delivery (one event written to one connection), in microseconds.</summary>
    public double CpuMicrosecondsPerDelivery => DeliveriesPerSecond > 0 ? CpuCores / DeliveriesPerSecond * 1e6 : 0;

    /// <summary>Rates of a window: <paramref name="window"/> is the counters' difference over it, <paramref name="seconds"/> its producing time.</summary>
    public static (double FeedEventsPerSecond, double EvaluationsPerSecond, double CpuCores, double WaitCores) Rates(ServiceCounters window, double seconds) =>
        seconds <= 0 ? (0, 0, 0, 0) : (window.FeedEvents / seconds, window.FilterEvaluations / seconds, window.CpuSeconds / seconds, window.WaitSeconds / seconds);

    /// <summary>Events produced and not yet in the feeds: <paramref name="sinceStart"/> is the counters' difference since before the producer started.</summary>
    public static long Behind(long produced, ServiceCounters sinceStart) => Math.Max(0, produced - (long)sinceStart.FeedEvents);
}
