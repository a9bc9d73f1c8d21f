using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Config;
using EventStreams.Gateway.Health;
using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Tests.Health;

public sealed class StreamConfigHealthCheckTests
{
    private static readonly StreamCatalog Catalog = new(42, [new StreamDefinition("s", ["t"], ["t"], "s events.", null, null)]);

    private static (StreamConfigHealthCheck Check, FakeGrains Grains) Create()
    {
        var (factory, fake) = FakeGrains.Create();
        var cache = new StreamCatalogCache(factory, Options.Create(new GatewayOptions()), TimeProvider.System, NullLogger<StreamCatalogCache>.Instance);
        return (new StreamConfigHealthCheck(cache, ClusterConnection.InProcess()), fake);
    }

    private static Task<HealthCheckResult> CheckAsync(StreamConfigHealthCheck check) =>
        check.CheckHealthAsync(new HealthCheckContext { Registration = new HealthCheckRegistration("stream_config", check, null, null) });

    [Fact]
    public async Task CheckHealthAsync_ConfigurationCannotBeLoaded_UnhealthyWithTheReason()
    {
        var (check, grains) = Create();
        grains.GetCatalog = () => Task.FromException<StreamCatalog>(new InvalidOperationException("stream config unreachable"));

        var result = await CheckAsync(check);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("the stream configuration is not loaded: stream config unreachable", result.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_ConfigurationStillLoading_UnhealthyAfterTheCheckTimeout()
    {
        var (check, grains) = Create();
        var loading = new TaskCompletionSource<StreamCatalog>();
        grains.GetCatalog = () => loading.Task;

        var result = await CheckAsync(check);

        Assert.Equal(HealthStatus.Unhealthy, result.Status);
        Assert.Equal("the stream configuration is not loaded: no answer within 3 s", result.Description);

        // Once loaded, the next probe is ready.
        loading.SetResult(Catalog);
        var ready = await CheckAsync(check);
        Assert.Equal(HealthStatus.Healthy, ready.Status);
        Assert.Equal("version 42, 1 streams", ready.Description);
    }

    [Fact]
    public async Task CheckHealthAsync_ConfigurationLoaded_Healthy()
    {
        var (check, grains) = Create();
        grains.GetCatalog = () => Task.FromResult(Catalog);

        var result = await CheckAsync(check);

        Assert.Equal(HealthStatus.Healthy, result.Status);
    }
}
