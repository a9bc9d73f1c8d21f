using Orleans.Configuration;
using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using k8s;
using StackExchange.Redis;

namespace EventStreams.Hosting.Cluster;

public static class SiloClusterExtensions
{
    /// <summary>
    /// Membership, endpoints, failure detection, grain storage and streams of a silo, from
    /// <paramref name="settings"/>. The standalone gateway's counterpart is <see cref="ClientClusterExtensions.UseEventStreamsCluster"/>.
    /// </summary>
    public static ISiloBuilder UseEventStreamsCluster(this ISiloBuilder silo, ClusterSettings settings)
    {
        silo.Configure<ClusterOptions>(o =>
        {
            o.ClusterId = settings.ClusterId;
            o.ServiceId = settings.ServiceId;
        });
        switch (settings.Clustering)
        {
            case ClusteringMode.Localhost:
                silo.UseLocalhostClustering(settings.SiloPort, settings.GatewayPort, serviceId: settings.ServiceId, clusterId: settings.ClusterId);
                // One silo: state that outlives an activation cannot outlive the process anyway.
                silo.AddMemoryGrainStorage(ClusterNames.ClientSlotsStorage);
                silo.AddMemoryGrainStorage(ClusterNames.PubSubStorage);
                break;
            case ClusteringMode.Redis:
                var redis = settings.Redis.ConnectionString!;
                silo.UseRedisClustering(redis);
                if (settings.AdvertisedAddress is { } advertised)
                {
                    silo.ConfigureEndpoints(advertised, settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                }
                else
                {
                    silo.ConfigureEndpoints(settings.SiloPort, settings.GatewayPort, listenOnAnyHostAddress: true);
                }
                silo.AddRedisGrainStorage(ClusterNames.ClientSlotsStorage, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                silo.AddRedisGrainStorage(ClusterNames.PubSubStorage, o => o.ConfigurationOptions = ConfigurationOptions.Parse(redis));
                if (settings.Kubernetes.Enabled)
                {
                    // The pod's service account in a pod; KUBECONFIG or ~/.kube/config elsewhere
                    // (Orleans' default reads only the service account).
                    silo.UseKubernetesHosting(o => o.Configure(k => k.GetClientConfiguration = KubernetesClientConfiguration.BuildDefaultConfig));
                }
                break;
        }
        silo.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = settings.ProbeTimeout;
            // Orleans adapts the probe period to observed answers and, with failing probes, lets it
            // grow to 4 × ProbeTimeout: a kill -9 then took 22 s to declare instead of about 6 s.
            o.MaxProbeTimeout = settings.ProbeTimeout;
        });
        silo.AddMemoryStreams(ClusterNames.StreamProvider);
        return silo;
    }
}
