using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

/// <summary>F1's figures from the service's counters.</summary>
public sealed class FilterPhaseFiguresTests
{
    private static FilterPhaseFigures Figures(double cpuCores, double feedEvents, double evaluations, double deliveries) =>
        new("filtered", 5000, 5000, 10_000, feedEvents, evaluations, cpuCores, 0.2, deliveries, 50, 200, 300, 0, 0, 0, 0, 0, 0, new(0, 0, 5000, 0, 0, 0));

    [Fact]
    public void Rates_WindowOfCounters_PerSecondOfProducingTime()
    {
        var window = new ServiceCounters(CpuSeconds: 30, WaitSeconds: 4, FeedEvents: 200_000, FilterEvaluations: 10_000_000, Delivered: 1, SlowDisconnects: 0);

        Assert.Equal((10_000.0, 500_000.0, 1.5, 0.2), FilterPhaseFigures.Rates(window, 20));
    }

    [Fact]
    public void Rates_NoTime_Zero()
    {
        Assert.Equal((0.0, 0.0, 0.0, 0.0), FilterPhaseFigures.Rates(new ServiceCounters(1, 1, 1, 1, 1, 1), 0));
    }

    [Fact]
    public void CpuPerEvaluationFeedEventAndDelivery_CoresOverRates()
    {
        var f = Figures(cpuCores: 1.5, feedEvents: 10_000, evaluations: 500_000, deliveries: 1_000_000);

        Assert.Equal(3000, f.CpuNanosecondsPerEvaluation, precision: 6);
        Assert.Equal(150, f.CpuMicrosecondsPerFeedEvent, precision: 6);
        Assert.Equal(1.5, f.CpuMicrosecondsPerDelivery, precision: 6);
    }

    [Fact]
    public void CpuPerEvaluation_NothingEvaluated_Zero()
    {
        Assert.Equal(0, Figures(cpuCores: 0.3, feedEvents: 10_000, evaluations: 0, deliveries: 0).CpuNanosecondsPerEvaluation);
    }

    [Fact]
    public void Behind_FeedsShortOfTheProduced_TheDifferenceNeverNegative()
    {
        Assert.Equal(250, FilterPhaseFigures.Behind(1000, new ServiceCounters(0, 0, 750, 0, 0, 0)));
        Assert.Equal(0, FilterPhaseFigures.Behind(1000, new ServiceCounters(0, 0, 1001, 0, 0, 0)));
    }
}
