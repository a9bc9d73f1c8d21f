using EventStreams.Grains.Interfaces.Config;
using EventStreams.Hosting.Cluster;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Prometheus;

namespace EventStreams.Grains.Config;

/// <summary>
/// The cluster's single loader of the stream configuration; gateways cache what it returns.
/// With a TTL it reloads on that interval. A failed reload keeps the last good configuration
/// (logged and counted); activation itself fails when there is no good configuration at all,
/// which stops the silo at start (the silo host loads it during start-up).
/// </summary>
public sealed class StreamConfigGrain(
    StreamConfigLoader loader,
    IOptions<StreamConfigOptions> options,
    ILogger<StreamConfigGrain> logger) : Grain, IStreamConfigGrain
{
    private readonly CatalogVersions _versions = new();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        StreamDefinition[] streams;
        try
        {
            streams = await loader.LoadAsync(cancellationToken);
        }
        catch
        {
            StreamConfigMetrics.LoadFailures.Inc();
            throw;
        }
        Accept(streams);
        logger.LogInformation("Loaded stream configuration from {Uri}: {StreamCount} streams (aliases included), version {Version}",
            options.Value.Uri, streams.Length, _versions.Current!.Version);

        var ttl = options.Value.Ttl;
        if (ttl > TimeSpan.Zero)
        {
            // Interleaved: gateways keep getting the current catalog while a slow reload waits on the network.
            // KeepAlive: reloading is this grain's job even when no gateway asks for a while.
            this.RegisterGrainTimer(ReloadAsync, new GrainTimerCreationOptions(ttl, ttl) { Interleave = true, KeepAlive = true });
        }
    }

    public Task<StreamCatalog> GetCatalog() => Task.FromResult(_versions.Current!);

    private async Task ReloadAsync(CancellationToken cancellationToken)
    {
        StreamDefinition[] streams;
        try
        {
            streams = await loader.LoadAsync(cancellationToken);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            StreamConfigMetrics.LoadFailures.Inc();
            logger.LogError("Reloading the stream configuration from {Uri} failed; keeping version {Version}: {Error}",
                options.Value.Uri, _versions.Current!.Version, e.Message);
            return;
        }
        var before = _versions.Current!;
        if (Accept(streams))
        {
            var old = before.Streams.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            var now = streams.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
            logger.LogInformation("Stream configuration changed: version {Version}, {StreamCount} streams; added {Added}; removed {Removed}",
                _versions.Current!.Version, streams.Length, string.Join(",", now.Except(old)), string.Join(",", old.Except(now)));
            await AnnounceAsync(_versions.Current!.Version);
        }
    }

    /// <summary>Tells every gateway (Orleans Streaming) that there is a new catalog to fetch.</summary>
    private async Task AnnounceAsync(long version)
    {
        try
        {
            var stream = this.GetStreamProvider(ClusterNames.StreamProvider)
                .GetStream<CatalogChanged>(StreamId.Create(CatalogChanged.StreamNamespace, CatalogChanged.StreamKey));
            await stream.OnNextAsync(new CatalogChanged(version));
        }
        catch (Exception e)
        {
            // Gateways still see the change on their backstop refresh (Gateway:StreamConfigRefreshInterval).
            logger.LogWarning(e, "Could not announce stream configuration version {Version} to the gateways", version);
        }
    }

    private bool Accept(StreamDefinition[] streams)
    {
        var changed = _versions.Update(streams, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        StreamConfigMetrics.LastSuccess.SetToCurrentTimeUtc();
        StreamConfigMetrics.Version.Set(_versions.Current!.Version);
        StreamConfigMetrics.Streams.Set(streams.Length);
        return changed;
    }
}
