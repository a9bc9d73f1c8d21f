using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>When soak clients leave and how long they stay away.</summary>
public sealed class ChurnScheduleTests
{
    private static readonly TimeSpan MinStay = TimeSpan.FromSeconds(20), MaxStay = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan MinAway = TimeSpan.FromSeconds(1), MaxAway = TimeSpan.FromSeconds(5);
    private const int Draws = 10_000;

    private static ChurnSchedule Schedule(int seed) => new(MinStay, MaxStay, MinAway, MaxAway, seed);

    [Fact]
    public void NextStay_ManyDraws_WithinBoundsAndSpreadOverThem()
    {
        var schedule = Schedule(1);
        var stays = Enumerable.Range(0, Draws).Select(_ => schedule.NextStay().TotalSeconds).ToArray();

        Assert.All(stays, s => Assert.InRange(s, 20, 120));
        // Uniform: the mean is the middle, and every tenth of the range gets its share.
        Assert.InRange(stays.Average(), 68, 72);
        Assert.All(Enumerable.Range(0, 10), decile => Assert.InRange(stays.Count(s => (int)((s - 20) / 10) == decile), Draws / 20, Draws / 5));
    }

    [Fact]
    public void NextAway_ManyDraws_WithinBounds()
    {
        var schedule = Schedule(2);

        Assert.All(Enumerable.Range(0, Draws), _ => Assert.InRange(schedule.NextAway().TotalSeconds, 1, 5));
    }

    [Fact]
    public void NextStay_SameSeed_SameSchedule()
    {
        var (a, b) = (Schedule(7), Schedule(7));

        Assert.Equal(Enumerable.Range(0, 5).Select(_ => a.NextStay()), Enumerable.Range(0, 5).Select(_ => b.NextStay()));
    }

    [Fact]
    public void NextStay_ClientsWithTheirOwnSeeds_DoNotLeaveTogether()
    {
        // 2,000 clients connected within seconds: their first leaves spread over the stay range.
        var firstLeaves = Enumerable.Range(1, 2000).Select(seed => (int)Schedule(seed).NextStay().TotalSeconds).ToArray();

        Assert.True(firstLeaves.Distinct().Count() > 90, $"only {firstLeaves.Distinct().Count()} distinct seconds");
        Assert.True(firstLeaves.GroupBy(s => s).Max(g => g.Count()) < 60);
    }

    [Fact]
    public void Constructor_MinAboveMaxOrNoStay_Throws()
    {
        Assert.Throws<ArgumentException>(() => new ChurnSchedule(MaxStay, MinStay, MinAway, MaxAway, 1));
        Assert.Throws<ArgumentException>(() => new ChurnSchedule(TimeSpan.Zero, MaxStay, MinAway, MaxAway, 1));
        Assert.Throws<ArgumentException>(() => new ChurnSchedule(MinStay, MaxStay, MaxAway, MinAway, 1));
    }

    [Fact]
    public void Parse_FourNumbersOfSeconds_StayAndAwayRanges()
    {
        var schedule = ChurnSchedule.Parse(["20", "120", "0.5", "5"], seed: 1);

        Assert.Equal((MinStay, MaxStay, TimeSpan.FromMilliseconds(500), MaxAway), (schedule.MinStay, schedule.MaxStay, schedule.MinAway, schedule.MaxAway));
        Assert.Throws<ArgumentException>(() => ChurnSchedule.Parse(["20", "120"], seed: 1));
    }
}
