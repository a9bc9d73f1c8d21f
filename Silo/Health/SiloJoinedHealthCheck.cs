using Microsoft.Extensions.Diagnostics.HealthChecks;
using Orleans.Runtime;

namespace EventStreams.Silo.Health;

/// <summary>
/// Ready once this node's silo has joined the cluster (status Active). Until then, and while it
/// shuts down, grains hosted here cannot be reached, so the node should get no traffic.
/// </summary>
internal sealed class SiloJoinedHealthCheck(ISiloStatusOracle membership) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = membership.CurrentStatus;
        return Task.FromResult(status == SiloStatus.Active
            ? HealthCheckResult.Healthy($"silo {membership.SiloAddress} is active")
            : HealthCheckResult.Unhealthy($"silo {membership.SiloAddress} has not joined the cluster (status {status})"));
    }
}
