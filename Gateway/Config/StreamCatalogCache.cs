using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Config;

/// <summary>
/// This node's copy of the stream catalog from the StreamConfigGrain. Requests never wait on
/// the cluster once a catalog is held: a stale copy is served while a refresh runs. The grain
/// announces every change (<see cref="CatalogChangeListener"/>), which refreshes the copy at once;
/// a slow periodic refresh is only the backstop for a lost announcement. A request for a stream
/// this copy does not know asks the cluster at once (at most once per <see cref="MissRefreshInterval"/>).
/// A stream removed by a reload is refused to new requests; connections already open on it
/// stay open until their clients leave (see docs/configuration.md).
/// </summary>
internal sealed class StreamCatalogCache(IGrainFactory grains, IOptions<GatewayOptions> options, TimeProvider time, ILogger<StreamCatalogCache> logger)
{
    /// <summary>Unknown names are common (typos, scanners); they may not cost more than one grain call per this interval.</summary>
    public static readonly TimeSpan MissRefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private StreamIndex? _current;
    private DateTimeOffset _fetchedAt;

    /// <summary>The catalog this node holds now, without asking the cluster; null before the first load.</summary>
    public StreamIndex? Current => Volatile.Read(ref _current);

    public async ValueTask<StreamIndex> GetAsync()
    {
        var current = _current;
        if (current is null)
        {
            return await RefreshAsync(TimeSpan.Zero);
        }
        if (time.GetUtcNow() - _fetchedAt >= options.Value.StreamConfigRefreshInterval && _refreshLock.CurrentCount > 0)
        {
            _ = RefreshInBackgroundAsync();
        }
        return current;
    }

    /// <summary>
    /// The cluster has a catalog of <paramref name="version"/> (null: perhaps a newer one): fetch
    /// it in the background unless this copy is already that version.
    /// </summary>
    public void OnChanged(long? version)
    {
        if (version is { } v && Volatile.Read(ref _current)?.Catalog.Version == v)
        {
            return;
        }
        _ = RefreshInBackgroundAsync();
    }

    /// <summary>The catalog, refreshed first when it lacks one of <paramref name="names"/> and was not just refreshed.</summary>
    public async ValueTask<StreamIndex> GetAsync(IEnumerable<string> names)
    {
        var current = await GetAsync();
        if (names.All(n => current.TryGet(n, out _)) || time.GetUtcNow() - _fetchedAt < MissRefreshInterval)
        {
            return current;
        }
        try
        {
            return await RefreshAsync(MissRefreshInterval);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not refresh the stream configuration; keeping the last one");
            return current;
        }
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync(TimeSpan.Zero);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not refresh the stream configuration; keeping the last one");
        }
    }

    /// <param name="unlessNewerThan">Skip the call when another caller refreshed within this time while we waited.</param>
    private async Task<StreamIndex> RefreshAsync(TimeSpan unlessNewerThan)
    {
        await _refreshLock.WaitAsync();
        try
        {
            if (_current is not null && time.GetUtcNow() - _fetchedAt < unlessNewerThan)
            {
                return _current;
            }
            var catalog = await grains.GetGrain<IStreamConfigGrain>(0).GetCatalog();
            if (_current?.Catalog.Version != catalog.Version)
            {
                _current = new StreamIndex(catalog);
            }
            _fetchedAt = time.GetUtcNow();
            return _current;
        }
        finally
        {
            _refreshLock.Release();
        }
    }
}
