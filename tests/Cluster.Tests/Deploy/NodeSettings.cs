using EventStreams.Hosting.Configuration;
using k8s.Models;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>
/// The configuration a workload's container ends up with, as the host reads it: the mounted
/// config.yaml its --config argument names (mapped as the host maps it), then its environment
/// (Orleans__SiloPort is Orleans:SiloPort), which wins. Keys compare case-insensitively, as in .NET.
/// </summary>
public sealed class NodeSettings
{
    public static readonly PodFacts Pod = new("eventstreams-pod-0", "eventstreams", "10.0.0.10");

    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public NodeSettings(Manifests manifests, string workload)
    {
        var (_, template) = manifests.PodTemplates().Single(p => p.Workload == workload);
        Template = template;
        Container = template.Spec.Containers.Single();
        Environment = ContainerEnvironment.Resolve(manifests, template, Container, Pod);
        var args = Container.Args ?? [];
        var config = args.SkipWhile(a => a != "--config").Skip(1).FirstOrDefault();
        if (config is not null)
        {
            var mount = Container.VolumeMounts.Single(m => config.StartsWith(m.MountPath + "/", StringComparison.Ordinal));
            var map = manifests.ConfigMap(template.Spec.Volumes.Single(v => v.Name == mount.Name).ConfigMap.Name);
            var file = config[(mount.MountPath.Length + 1)..];
            ConfigFiles = map.Data;
            foreach (var (key, value) in ServiceConfigMapper.Map(map.Data[file], $"{workload}:{config}", mount.MountPath))
            {
                _values[key] = value;
            }
        }
        foreach (var (name, value) in Environment)
        {
            _values[name.Replace("__", ":", StringComparison.Ordinal)] = value;
        }
    }

    public V1PodTemplateSpec Template { get; }

    public V1Container Container { get; }

    public IReadOnlyDictionary<string, string> Environment { get; }

    /// <summary>The files of the ConfigMap the --config file is in (config.yaml, stream-config.yaml).</summary>
    public IDictionary<string, string> ConfigFiles { get; } = new Dictionary<string, string>();

    public string? this[string key] => _values.TryGetValue(key, out var value) ? value : null;

    /// <summary>The port of the URL the node listens on (Urls, from the file's port).</summary>
    public int HttpPort => new Uri(this["Urls"] ?? throw new InvalidOperationException("No Urls: the node would listen on its default.")).Port;

    public int ContainerPort(string name) => Container.Ports.Single(p => p.Name == name).ContainerPort;

    /// <summary>A setting that is a TimeSpan, zero when unset (as the options default).</summary>
    public TimeSpan Time(string key) => this[key] is { } value ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.Zero;

    /// <summary>The container runs the standalone gateway (its container is named so), not the silo host.</summary>
    public bool IsGateway => Container.Name == "gateway";

    /// <summary>Whether this node serves streams: every standalone gateway, and a silo unless Gateway:Enabled is false.</summary>
    public bool ServesStreams => IsGateway || !string.Equals(this["Gateway:Enabled"], "false", StringComparison.OrdinalIgnoreCase);
}
