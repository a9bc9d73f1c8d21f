using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>Several load processes' reports as one (C1 uses four).</summary>
public sealed class LoadReportTests
{
    private static LoadReport Report(long deliveries, long[] firstAfterMark, params long[] latencies)
    {
        var h = new LatencyHistogram();
        foreach (var ms in latencies)
        {
            h.Record(ms);
        }
        return new LoadReport
        {
            Deliveries = deliveries,
            Lost = 1,
            FirstAfterMark = firstAfterMark,
            SeenBy = [2, 3],
            Failures = new() { ["ConnectionRefused"] = 2 },
            Latency = new SparseHistogram(h.ToSparse(), h.Max),
        };
    }

    [Fact]
    public void Merge_TwoReports_CountsAddHistogramsMergeFirstArrivalIsTheEarliest()
    {
        var merged = LoadReport.Merge([Report(10, [0, 500, 700], 5, 10), Report(20, [300, 400], 20, 30)]);

        Assert.Equal((30L, 2L), (merged.Deliveries, merged.Lost));
        Assert.Equal([300L, 400L, 700L], merged.FirstAfterMark);
        Assert.Equal([4, 6], merged.SeenBy);
        Assert.Equal(4, merged.Failures["ConnectionRefused"]);
        var latency = merged.Latency.ToHistogram();
        Assert.Equal((4L, 30L, 10L), (latency.Count, latency.Max, latency.Percentile(50)));
    }
}
