using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

/// <summary>The soak's verdict on a series: the last third's mean against the second third's.</summary>
public sealed class FlatnessVerdictTests
{
    private const double Relative = 0.10, Absolute = 5;

    [Fact]
    public void Judge_ConstantSeries_Flat()
    {
        var verdict = FlatnessVerdict.Judge([100, 100, 100, 100, 100, 100], Relative, Absolute);

        Assert.True(verdict.Flat);
        Assert.Equal(0, verdict.Growth);
    }

    [Fact]
    public void Judge_SteadyGrowth_NotFlat()
    {
        // +10 a minute: a leak. Second third 120/130, last third 140/150.
        var verdict = FlatnessVerdict.Judge([100, 110, 120, 130, 140, 150], Relative, Absolute);

        Assert.False(verdict.Flat);
        Assert.Equal((125.0, 145.0, 12.5), (verdict.SecondThirdMean, verdict.LastThirdMean, verdict.Allowed));
    }

    [Fact]
    public void Judge_WarmUpInTheFirstThird_Ignored()
    {
        var verdict = FlatnessVerdict.Judge([10, 50, 200, 201, 199, 202], Relative, Absolute);

        Assert.True(verdict.Flat);
    }

    [Fact]
    public void Judge_SmallGrowthBelowTheAbsoluteNoise_Flat()
    {
        // +4 on a level of 10 is 40 %, but within the series' noise of 5.
        var verdict = FlatnessVerdict.Judge([10, 10, 10, 10, 14, 14], Relative, Absolute);

        Assert.True(verdict.Flat);
        Assert.Equal(5, verdict.Allowed);
    }

    [Fact]
    public void Judge_GrowthJustAboveTheRelativeTolerance_NotFlat()
    {
        var verdict = FlatnessVerdict.Judge([1000, 1000, 1000, 1000, 1101, 1101], Relative, Absolute);

        Assert.False(verdict.Flat);
    }

    [Fact]
    public void Judge_Shrinking_Flat()
    {
        Assert.True(FlatnessVerdict.Judge([300, 300, 300, 300, 200, 200], Relative, Absolute).Flat);
    }

    [Fact]
    public void Judge_SamplesNotAMultipleOfThree_ThirdsAreWholeSamplesFromEachEnd()
    {
        // 31 samples (minutes 0..30): thirds of 10; the second is samples 10..19, the last 21..30.
        double[] samples = [.. Enumerable.Range(0, 31).Select(i => (double)i)];

        var verdict = FlatnessVerdict.Judge(samples, Relative, Absolute);

        Assert.Equal((14.5, 25.5), (verdict.SecondThirdMean, verdict.LastThirdMean));
    }

    [Fact]
    public void Judge_FewerThanThreeSamples_NoVerdict()
    {
        var verdict = FlatnessVerdict.Judge([1, 2], Relative, Absolute);

        Assert.Null(verdict.Flat);
        Assert.StartsWith("no verdict", verdict.Describe("MB"));
    }

    [Fact]
    public void Describe_Growing_SaysSoWithMeansChangeAndAllowance()
    {
        var verdict = FlatnessVerdict.Judge([100, 110, 120, 130, 140, 150], Relative, Absolute);

        Assert.Equal("GROWING: 125.0 → 145.0 fds (+16.0 %, allowed +12.5)", verdict.Describe("fds"));
    }

    [Fact]
    public void Describe_Scaled_ValuesInTheUnit()
    {
        const double mib = 1024 * 1024;
        var verdict = FlatnessVerdict.Judge([200 * mib, 200 * mib, 200 * mib], Relative, 16 * mib);

        Assert.Equal("flat: 200.0 → 200.0 MB (0.0 %, allowed +20.0)", verdict.Describe("MB", mib));
    }
}
