using EventStreams.Grains.Topics;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Grains.Tests.Topics;

public sealed class EventRateTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void PerSecond_NothingAdded_IsZero()
    {
        var rate = new EventRate(_time);
        _time.Advance(TimeSpan.FromSeconds(30));

        Assert.Equal(0, rate.PerSecond());
    }

    [Fact]
    public void PerSecond_EventsAcrossAWholeWindow_AveragesOverTenSeconds()
    {
        var rate = new EventRate(_time);
        for (var second = 0; second < 20; second++)
        {
            rate.Add(30);
            _time.Advance(TimeSpan.FromSeconds(1));
        }

        // The window is the current second (nothing yet) and the nine before it (30 each).
        Assert.Equal(27, rate.PerSecond());
    }

    [Fact]
    public void PerSecond_YoungerThanTheWindow_AveragesOverItsAge()
    {
        var rate = new EventRate(_time);
        rate.Add(10);
        _time.Advance(TimeSpan.FromSeconds(1));
        rate.Add(30);

        Assert.Equal(20, rate.PerSecond());
    }

    [Fact]
    public void PerSecond_WindowPassedSinceTheLastEvents_IsZero()
    {
        var rate = new EventRate(_time);
        rate.Add(1_000);
        _time.Advance(TimeSpan.FromSeconds(10));

        Assert.Equal(0, rate.PerSecond());
    }
}
