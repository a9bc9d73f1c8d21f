using System.Net;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting.Kubernetes;

namespace EventStreams.Hosting.Cluster;

/// <summary>
/// The environment variables Orleans' Kubernetes hosting reads (names from
/// <see cref="KubernetesHostingOptions"/>), which a pod gets from the downward API: its name,
/// namespace and IP, and optionally cluster and service ids, which Orleans would take over ours.
/// </summary>
internal sealed record PodEnvironment(string? Name, string? Namespace, string? IP, string? ClusterId, string? ServiceId)
{
    public static readonly PodEnvironment Empty = new(null, null, null, null, null);

    public static PodEnvironment Read(IConfiguration configuration) => new(
        Value(configuration, KubernetesHostingOptions.PodNameEnvironmentVariable),
        Value(configuration, KubernetesHostingOptions.PodNamespaceEnvironmentVariable),
        Value(configuration, KubernetesHostingOptions.PodIPEnvironmentVariable),
        Value(configuration, KubernetesHostingOptions.ClusterIdEnvironmentVariable),
        Value(configuration, KubernetesHostingOptions.ServiceIdEnvironmentVariable));

    private static string? Value(IConfiguration configuration, string name) => configuration[name] is { Length: > 0 } value ? value : null;

    public IEnumerable<string> Validate(ClusterSettings cluster)
    {
        string[] missing = [.. new[]
        {
            (KubernetesHostingOptions.PodNameEnvironmentVariable, Name),
            (KubernetesHostingOptions.PodNamespaceEnvironmentVariable, Namespace),
            (KubernetesHostingOptions.PodIPEnvironmentVariable, IP),
        }.Where(v => v.Item2 is null).Select(v => v.Item1)];
        if (missing.Length > 0)
            yield return $"{string.Join(", ", missing)} {(missing.Length == 1 ? "is" : "are")} not set (give them from the downward API: metadata.name, metadata.namespace, status.podIP).";
        if (IP is not null && !IPAddress.TryParse(IP, out _))
            yield return $"{KubernetesHostingOptions.PodIPEnvironmentVariable} must be an IP address (was '{IP}').";
        // Orleans would silently take these over Orleans:ClusterId and Orleans:ServiceId.
        if (ClusterId is not null && ClusterId != cluster.ClusterId)
            yield return $"{KubernetesHostingOptions.ClusterIdEnvironmentVariable} ('{ClusterId}') differs from {ClusterSettings.SectionName}:{nameof(ClusterSettings.ClusterId)} ('{cluster.ClusterId}').";
        if (ServiceId is not null && ServiceId != cluster.ServiceId)
            yield return $"{KubernetesHostingOptions.ServiceIdEnvironmentVariable} ('{ServiceId}') differs from {ClusterSettings.SectionName}:{nameof(ClusterSettings.ServiceId)} ('{cluster.ServiceId}').";
    }
}
