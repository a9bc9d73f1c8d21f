using EventStreams.Gateway.Config;
using EventStreams.Gateway.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventStreams.Gateway.Health;

/// <summary>
/// Ready once this node holds the stream configuration. The first probe loads it, so a node
/// that has not served a request yet becomes ready without one.
/// </summary>
internal sealed class StreamConfigHealthCheck(StreamCatalogCache catalogs, ClusterConnection cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!cluster.IsConnected)
        {
            return HealthCheckResult.Unhealthy("not checked: this node is not connected to the cluster");
        }
        try
        {
            var index = await catalogs.GetAsync().AsTask().WaitAsync(HealthApi.CheckTimeout, cancellationToken);
            return HealthCheckResult.Healthy($"version {index.Catalog.Version}, {index.Catalog.Streams.Length} streams");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"the stream configuration is not loaded: {HealthApi.Describe(e)}");
        }
    }
}
