using EventStreams.Gateway.Hosting;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Hosting.Cluster;
using Orleans.Streams;

namespace EventStreams.Gateway.Config;

/// <summary>
/// Hears the StreamConfigGrain's announcements (Orleans Streaming) and has this node's catalog
/// fetched at once, so a reload reaches every gateway within moments without polling. It
/// subscribes once the node reaches a silo, and fetches the catalog again whenever the cluster
/// connection comes back, in case an announcement was missed meanwhile.
/// </summary>
internal sealed class CatalogChangeListener(
    IClusterClient client,
    StreamCatalogCache catalog,
    ClusterConnection cluster,
    TimeProvider time,
    ILogger<CatalogChangeListener> logger) : BackgroundService
{
    private static readonly TimeSpan RetryInterval = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Refetch() => catalog.OnChanged(version: null);
        cluster.Recovered += Refetch;
        StreamSubscriptionHandle<CatalogChanged>? subscription = null;
        try
        {
            subscription = await SubscribeAsync(stoppingToken);
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            cluster.Recovered -= Refetch;
        }
        if (subscription is not null)
        {
            try
            {
                await subscription.UnsubscribeAsync();
            }
            catch (Exception e)
            {
                logger.LogDebug(e, "Unsubscribing from stream configuration changes failed");
            }
        }
    }

    private async Task<StreamSubscriptionHandle<CatalogChanged>> SubscribeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            if (cluster.IsConnected)
            {
                try
                {
                    // Only once connected: a client's stream provider is not initialised before that.
                    var stream = client.GetStreamProvider(ClusterNames.StreamProvider)
                        .GetStream<CatalogChanged>(StreamId.Create(CatalogChanged.StreamNamespace, CatalogChanged.StreamKey));
                    var handle = await stream.SubscribeAsync((change, _) =>
                    {
                        catalog.OnChanged(change.Version);
                        return Task.CompletedTask;
                    });
                    logger.LogDebug("Listening for stream configuration changes");
                    return handle;
                }
                catch (Exception e)
                {
                    logger.LogWarning("Could not subscribe to stream configuration changes; retrying in {Interval}: {Error}", RetryInterval, e.Message);
                }
            }
            await Task.Delay(RetryInterval, time, cancellationToken);
        }
    }
}
