namespace EventStreams.Gateway.Tests;

public sealed class GatewayOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid()
    {
        Assert.Null(new GatewayOptions().Validate());
    }

    [Fact]
    public void Validate_TwoBadValues_ReportsBothKeysInOneMessage()
    {
        var options = new GatewayOptions { FlushThresholdBytes = 10, MaxClientLag = TimeSpan.Zero };

        var message = options.Validate();

        Assert.NotNull(message);
        Assert.Contains("Gateway:FlushThresholdBytes must be at least 1024 (was 10).", message);
        Assert.Contains("Gateway:MaxClientLag must be at least 00:00:01 (was 00:00:00).", message);
    }
}
