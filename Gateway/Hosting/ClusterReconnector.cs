using EventStreams.Grains.Interfaces.Config;

namespace EventStreams.Gateway.Hosting;

/// <summary>
/// A standalone gateway that lost every silo connection gets one back only when it sends a
/// message: Orleans connects to gateway silos on demand. While disconnected this node sends
/// nothing of its own (streams are refused, renewals wait), so this service sends one small
/// call every <see cref="ProbeInterval"/> until a silo answers. Without it a node that lost its
/// only connection stayed out for close to a minute in the cluster tests, though other silos were up.
/// </summary>
internal sealed class ClusterReconnector(IGrainFactory grains, ClusterConnection cluster, TimeProvider time, ILogger<ClusterReconnector> logger)
    : BackgroundService
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ProbeInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (cluster.IsConnected || !cluster.WasEverConnected)
                {
                    continue; // connected, or still starting (Orleans' own start-up retries then)
                }
                try
                {
                    await grains.GetGrain<IStreamConfigGrain>(0).GetCatalog().WaitAsync(ProbeTimeout, time, stoppingToken);
                }
                catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogDebug("No silo answered the reconnection probe: {Error}", e.Message);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
