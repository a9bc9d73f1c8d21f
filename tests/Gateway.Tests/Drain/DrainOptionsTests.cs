using EventStreams.Gateway.Drain;

namespace EventStreams.Gateway.Tests.Drain;

public sealed class DrainOptionsTests
{
    [Fact]
    public void Validate_Defaults_ValidAndEverythingAtOnce()
    {
        var options = new DrainOptions();

        Assert.Null(options.Validate());
        Assert.Equal((TimeSpan.Zero, TimeSpan.Zero), (options.Delay, options.Window));
    }

    [Fact]
    public void Validate_BothBad_OneMessageNamingEachKey()
    {
        var error = new DrainOptions { Delay = TimeSpan.FromSeconds(-1), Window = TimeSpan.FromHours(1) }.Validate();

        Assert.Equal("Gateway:Drain:Delay must be between 00:00:00 and 00:10:00 (was -00:00:01). " +
            "Gateway:Drain:Window must be between 00:00:00 and 00:10:00 (was 01:00:00).", error);
    }

    [Fact]
    public void ShutdownTimeout_DelayAndWindow_LeavesTimeToStopAfterTheDrain()
    {
        var options = new DrainOptions { Delay = TimeSpan.FromSeconds(10), Window = TimeSpan.FromSeconds(30) };

        Assert.Equal(TimeSpan.FromSeconds(40) + DrainOptions.StopAfterDrain, options.ShutdownTimeout);
    }
}
