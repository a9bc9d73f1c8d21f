using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;

namespace EventStreams.Hosting.Cluster;

public static class ClientClusterExtensions
{
    /// <summary>
    /// How a standalone gateway (an Orleans client) finds the silos, from <paramref name="settings"/>:
    /// the same keys as the silos' <see cref="SiloClusterExtensions.UseEventStreamsCluster"/>. The
    /// client keeps trying to connect for as long as the host runs (see <see cref="WaitForSilos"/>).
    /// </summary>
    public static IClientBuilder UseEventStreamsCluster(this IClientBuilder client, ClusterSettings settings)
    {
        client.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        switch (settings.Clustering)
        {
            case ClusteringMode.Localhost when settings.Gateways.Length == 0:
                client.UseLocalhostClustering(settings.GatewayPort, settings.ServiceId, settings.ClusterId);
                break;
            case ClusteringMode.Localhost:
                client.UseStaticClustering([.. settings.Gateways.Select(IPEndPoint.Parse)]);
                break;
            case ClusteringMode.Redis:
                client.UseRedisClustering(settings.Redis.ConnectionString!);
                break;
        }
        client.Configure<GatewayOptions>(o => o.GatewayListRefreshPeriod = settings.GatewayListRefreshPeriod);
        client.AddMemoryStreams(ClusterNames.StreamProvider);
        client.Services.AddSingleton<IClientConnectionRetryFilter, WaitForSilos>();
        return client;
    }

    /// <summary>
    /// A gateway may start before any silo (or while every silo restarts): it keeps trying, says so
    /// in the log, and meanwhile answers /readyz with 503. Orleans' default gives up after 15 tries.
    /// </summary>
    private sealed class WaitForSilos(ILogger<WaitForSilos> logger) : IClientConnectionRetryFilter
    {
        private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(2);

        private int _attempts;

        public async Task<bool> ShouldRetryConnectionAttempt(Exception exception, CancellationToken cancellationToken)
        {
            _attempts++;
            logger.LogWarning("Waiting for a silo to connect to (attempt {Attempt}; retrying every {Delay}): {Error}",
                _attempts, RetryDelay, exception.Message);
            try
            {
                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return false;
            }
            return true;
        }
    }
}
