using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Config;

/// <summary>
/// This node's copy of the stream catalog from the StreamConfigGrain. Requests never wait on
/// the cluster once a catalog is held: a stale copy is served while a refresh runs.
/// </summary>
internal sealed class StreamCatalogCache(IGrainFactory grains, IOptions<GatewayOptions> options, ILogger<StreamCatalogCache> logger)
{
    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private StreamIndex? _current;
    private DateTime _fetchedAt;

    public async ValueTask<StreamIndex> GetAsync()
    {
        var current = _current;
        if (current is null)
        {
            return await RefreshAsync();
        }
        if (DateTime.UtcNow - _fetchedAt >= options.Value.StreamConfigRefreshInterval && _refreshLock.CurrentCount > 0)
        {
            _ = RefreshInBackgroundAsync();
        }
        return current;
    }

    private async Task RefreshInBackgroundAsync()
    {
        try
        {
            await RefreshAsync();
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "Could not refresh the stream configuration; keeping the last one");
        }
    }

    private async Task<StreamIndex> RefreshAsync()
    {
        await _refreshLock.WaitAsync();
        try
        {
            var catalog = await grains.GetGrain<IStreamConfigGrain>(0).GetCatalog();
            if (_current?.Catalog.Version != catalog.Version)
            {
                _current = new StreamIndex(catalog);
            }
            _fetchedAt = DateTime.UtcNow;
            return _current;
        }
        finally
        {
            _refreshLock.Release();
        }
    }
}

/// <summary>A catalog indexed by stream name.</summary>
internal sealed class StreamIndex(StreamCatalog catalog)
{
    private readonly Dictionary<string, StreamDefinition> _byName = catalog.Streams.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public StreamCatalog Catalog { get; } = catalog;

    public bool TryGet(string name, out StreamDefinition stream) => _byName.TryGetValue(name, out stream!);
}
