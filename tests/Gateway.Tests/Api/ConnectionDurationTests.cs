using EventStreams.Gateway.Api;

namespace EventStreams.Gateway.Tests.Api;

public sealed class ConnectionDurationTests
{
    [Fact]
    public void Pick_WithJitter_SpreadsBelowTheMaximum()
    {
        var options = new GatewayOptions { MaxConnectionDuration = TimeSpan.FromMinutes(15), MaxConnectionDurationJitter = TimeSpan.FromMinutes(3) };
        var random = new Random(7);

        var picks = Enumerable.Range(0, 1000).Select(_ => ConnectionDuration.Pick(options, random)).ToArray();

        Assert.All(picks, p => Assert.InRange(p, TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(15)));
        // Spread over the whole jitter, not bunched: both ends of the range are used.
        Assert.True(picks.Min() < TimeSpan.FromMinutes(12.5) && picks.Max() > TimeSpan.FromMinutes(14.5), $"{picks.Min()}..{picks.Max()}");
    }

    [Fact]
    public void Pick_NoMaximum_Unlimited()
    {
        Assert.Equal(TimeSpan.Zero, ConnectionDuration.Pick(new GatewayOptions(), new Random(1)));
    }

    [Fact]
    public void Validate_JitterNotBelowTheMaximum_NamesBothKeys()
    {
        var error = new GatewayOptions { MaxConnectionDuration = TimeSpan.FromMinutes(1), MaxConnectionDurationJitter = TimeSpan.FromMinutes(1) }.Validate();

        Assert.Equal("Gateway:MaxConnectionDurationJitter must be 0 or less than Gateway:MaxConnectionDuration (00:01:00) (was 00:01:00).", error);
    }
}
