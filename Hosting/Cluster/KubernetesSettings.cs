namespace EventStreams.Hosting.Cluster;

/// <summary>
/// Orleans:Kubernetes: a silo in a Kubernetes pod (Microsoft.Orleans.Hosting.Kubernetes). The
/// silo takes its name from the pod and advertises the pod's IP, both from the downward API
/// (<see cref="PodEnvironment"/>); it labels its pod with orleans/serviceId and orleans/clusterId,
/// and a silo whose pod is gone is declared dead at once instead of after missed probes.
/// Membership stays in Redis: Kubernetes hosting needs <see cref="ClusteringMode.Redis"/>.
/// For silos only: standalone gateways (Orleans clients) leave it off.
/// </summary>
public sealed class KubernetesSettings
{
    public const string SectionName = $"{ClusterSettings.SectionName}:Kubernetes";

    public bool Enabled { get; set; }

    /// <summary>What the pod's environment says; read with the settings, not bound.</summary>
    internal PodEnvironment Pod { get; set; } = PodEnvironment.Empty;

    internal IEnumerable<string> Validate(ClusterSettings cluster)
    {
        if (cluster.Clustering != ClusteringMode.Redis)
            yield return $"{SectionName}:{nameof(Enabled)} needs {ClusterSettings.SectionName}:{nameof(ClusterSettings.Clustering)}=Redis (was {cluster.Clustering}): membership lives in Redis, Kubernetes hosting only adds the pod's identity.";
        foreach (var error in Pod.Validate(cluster))
            yield return $"{SectionName}:{nameof(Enabled)} is true, but {error}";
    }
}
