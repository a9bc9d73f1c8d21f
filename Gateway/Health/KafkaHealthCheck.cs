using EventStreams.Gateway.Hosting;
using EventStreams.Grains.Interfaces.Kafka;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventStreams.Gateway.Health;

/// <summary>
/// Ready while Kafka answers metadata requests. It asks the silo's metadata cache, which refreshes
/// at most every few seconds, so a probe costs at most one small Kafka request and usually none.
/// The call goes through the cluster, so it also proves this node reaches a silo.
/// </summary>
internal sealed class KafkaHealthCheck(IGrainFactory grains, ClusterConnection cluster) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!cluster.IsConnected)
        {
            return HealthCheckResult.Unhealthy("not checked: this node is not connected to the cluster");
        }
        try
        {
            await grains.GetGrain<ITopicMetadataGrain>(0).GetPartitions([]).WaitAsync(HealthApi.CheckTimeout, cancellationToken);
            return HealthCheckResult.Healthy("Kafka answered a metadata request");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy($"Kafka metadata could not be read: {HealthApi.Describe(e)}");
        }
    }
}
