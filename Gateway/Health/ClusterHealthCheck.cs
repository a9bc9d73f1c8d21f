using EventStreams.Gateway.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventStreams.Gateway.Health;

/// <summary>Ready while this node is connected to at least one silo (always, for a gateway inside a silo).</summary>
internal sealed class ClusterHealthCheck(ClusterConnection cluster) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(cluster.IsConnected
            ? HealthCheckResult.Healthy("connected to the cluster")
            : HealthCheckResult.Unhealthy("not connected to any silo; waiting for one"));
}
