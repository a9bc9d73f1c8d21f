using EventStreams.Gateway.Drain;

namespace EventStreams.Gateway.Tests.Drain;

public sealed class DrainScheduleTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public void DueBy_AcrossTheWindow_EvenSlotsFirstAtTheStartLastOneSlotBeforeTheEnd()
    {
        var schedule = new DrainSchedule(3, Window);

        Assert.Equal([1, 1, 2, 2, 3, 3, 3], [.. new[] { 0, 9.99, 10, 19.99, 20, 29.99, 30 }.Select(s => schedule.DueBy(TimeSpan.FromSeconds(s)))]);
    }

    [Fact]
    public void DueAt_EachIndex_IsCountedByDueByAtThatInstantAndNotBefore()
    {
        // 7 does not divide the window's ticks: rounding must still never leave a due stream out.
        var schedule = new DrainSchedule(7, TimeSpan.FromTicks(300_000_001));

        for (var i = 0; i < 7; i++)
        {
            Assert.Equal(i + 1, schedule.DueBy(schedule.DueAt(i)));
            if (i > 0)
            {
                Assert.Equal(i, schedule.DueBy(schedule.DueAt(i) - TimeSpan.FromTicks(1)));
            }
        }
    }

    [Fact]
    public void DueBy_ZeroWindowOrNoStreams_EverythingAtOnce()
    {
        Assert.Equal(5, new DrainSchedule(5, TimeSpan.Zero).DueBy(TimeSpan.Zero));
        Assert.Equal(0, new DrainSchedule(0, Window).DueBy(TimeSpan.Zero));
    }
}
