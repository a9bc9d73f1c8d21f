using EventStreams.Gateway.Drain;
using EventStreams.Gateway.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Tests.Hosting;

public sealed class GatewayServiceCollectionExtensionsTests
{
    private static ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddLogging().AddStreamGateway(configuration).BuildServiceProvider();
    }

    [Fact]
    public void AddStreamGateway_DrainOfFortySeconds_ShutdownTimeoutOutlastsIt()
    {
        using var services = Services(("Gateway:Drain:Delay", "00:00:10"), ("Gateway:Drain:Window", "00:00:30"));

        Assert.Equal(TimeSpan.FromSeconds(40) + DrainOptions.StopAfterDrain, services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void AddStreamGateway_NoDrain_KeepsTheHostsLongerDefaultTimeout()
    {
        using var services = Services();

        Assert.Equal(new HostOptions().ShutdownTimeout, services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void AddStreamGateway_BadDrainWindow_FailsNamingTheKey()
    {
        using var services = Services(("Gateway:Drain:Window", "-00:00:01"));

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<DrainOptions>>().Value);
        Assert.Contains("Gateway:Drain:Window must be between 00:00:00 and 00:10:00 (was -00:00:01).", error.Message);
    }
}
