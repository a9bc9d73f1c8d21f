using System.Reflection;
using EventStreams.Gateway;
using EventStreams.Gateway.Config;
using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Gateway.Tests.Config;

public sealed class StreamCatalogCacheTests
{
    private readonly FakeConfigGrain _grain = new();
    private readonly FakeTimeProvider _time = new();
    private readonly StreamCatalogCache _cache;

    public StreamCatalogCacheTests()
    {
        // A long periodic refresh, so only the miss rule can explain a refresh.
        var options = Options.Create(new GatewayOptions { StreamConfigRefreshInterval = TimeSpan.FromHours(1) });
        _cache = new StreamCatalogCache(GrainFactoryProxy.For(_grain), options, _time, NullLogger<StreamCatalogCache>.Instance);
    }

    [Fact]
    public async Task GetAsync_UnknownName_AsksTheClusterAtOnce()
    {
        _grain.Catalog = Catalog(1, "a");
        await _cache.GetAsync(["a"]);
        _grain.Catalog = Catalog(2, "a", "b");
        _time.Advance(StreamCatalogCache.MissRefreshInterval);

        var index = await _cache.GetAsync(["b"]);

        Assert.True(index.TryGet("b", out _));
        Assert.Equal(2, _grain.Calls);
    }

    [Fact]
    public async Task GetAsync_UnknownNameJustAfterARefresh_DoesNotAskAgain()
    {
        _grain.Catalog = Catalog(1, "a");
        await _cache.GetAsync(["a"]);

        var index = await _cache.GetAsync(["nope"]);

        Assert.False(index.TryGet("nope", out _));
        Assert.Equal(1, _grain.Calls);
    }

    [Fact]
    public async Task GetAsync_KnownNames_AreServedFromTheCopy()
    {
        _grain.Catalog = Catalog(1, "a");
        await _cache.GetAsync(["a"]);
        _time.Advance(StreamCatalogCache.MissRefreshInterval);

        await _cache.GetAsync(["a"]);

        Assert.Equal(1, _grain.Calls);
    }

    private static StreamCatalog Catalog(long version, params string[] names) =>
        new(version, [.. names.Select(n => new StreamDefinition(n, ["t"], ["t"], "d", null, null))]);

    private sealed class FakeConfigGrain : IStreamConfigGrain
    {
        public StreamCatalog Catalog { get; set; } = new(0, []);

        public int Calls { get; private set; }

        public Task<StreamCatalog> GetCatalog()
        {
            Calls++;
            return Task.FromResult(Catalog);
        }
    }

    /// <summary>An IGrainFactory whose only working call is GetGrain&lt;IStreamConfigGrain&gt;.</summary>
    public class GrainFactoryProxy : DispatchProxy
    {
        private IStreamConfigGrain? _grain;

        public static IGrainFactory For(IStreamConfigGrain grain)
        {
            var factory = Create<IGrainFactory, GrainFactoryProxy>();
            ((GrainFactoryProxy)(object)factory)._grain = grain;
            return factory;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args) =>
            targetMethod is { Name: nameof(IGrainFactory.GetGrain), IsGenericMethod: true } m && m.GetGenericArguments()[0] == typeof(IStreamConfigGrain)
                ? _grain
                : throw new NotSupportedException(targetMethod?.Name);
    }
}
