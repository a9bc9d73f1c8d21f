using EventStreams.Gateway.Drain;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventStreams.Gateway.Health;

/// <summary>
/// Not ready from the moment the host is told to stop (SIGTERM): the load balancer stops
/// sending new clients while the node drains the ones it has (see <see cref="ConnectionDrain"/>).
/// </summary>
internal sealed class DrainingHealthCheck(ConnectionDrain drain) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(drain.IsDraining
            ? HealthCheckResult.Unhealthy("draining: this node is shutting down; its streams end over Gateway:Drain:Window")
            : HealthCheckResult.Healthy("serving"));
}
