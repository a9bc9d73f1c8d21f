using System.Text;
using System.Text.RegularExpressions;
using k8s.Models;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>What the downward API would give a pod: its name, namespace and IP.</summary>
public sealed record PodFacts(string Name, string Namespace, string IP);

/// <summary>
/// A container's environment as the kubelet would give it: literal values, downward-API fields
/// (of <see cref="PodFacts"/> and the pod's labels), and keys of the rendered Secrets and
/// ConfigMaps. An unresolvable reference fails, as it would keep the pod from starting.
/// </summary>
public static partial class ContainerEnvironment
{
    public static Dictionary<string, string> Resolve(Manifests manifests, V1PodTemplateSpec template, V1Container container, PodFacts pod)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            if (Value(manifests, template, variable, pod) is { } value)
            {
                env[variable.Name] = value;
            }
        }
        return env;
    }

    private static string? Value(Manifests manifests, V1PodTemplateSpec template, V1EnvVar variable, PodFacts pod)
    {
        if (variable.ValueFrom is null)
        {
            return variable.Value ?? "";
        }
        if (variable.ValueFrom.FieldRef is { } field)
        {
            return field.FieldPath switch
            {
                "metadata.name" => pod.Name,
                "metadata.namespace" => pod.Namespace,
                "status.podIP" => pod.IP,
                var path when LabelPath().Match(path) is { Success: true } label =>
                    template.Metadata.Labels.TryGetValue(label.Groups[1].Value, out var v) ? v : throw Missing(variable, $"label {label.Groups[1].Value}"),
                var path => throw Missing(variable, $"field {path}"),
            };
        }
        if (variable.ValueFrom.SecretKeyRef is { } secretKey)
        {
            var secret = manifests.All<V1Secret>().SingleOrDefault(s => s.Metadata.Name == secretKey.Name);
            if (secret?.Data?.TryGetValue(secretKey.Key, out var bytes) == true)
            {
                return Encoding.UTF8.GetString(bytes);
            }
            return secretKey.Optional == true ? null : throw Missing(variable, $"secret {secretKey.Name} key {secretKey.Key}");
        }
        if (variable.ValueFrom.ConfigMapKeyRef is { } mapKey)
        {
            var map = manifests.All<V1ConfigMap>().SingleOrDefault(m => m.Metadata.Name == mapKey.Name);
            if (map?.Data?.TryGetValue(mapKey.Key, out var text) == true)
            {
                return text;
            }
            return mapKey.Optional == true ? null : throw Missing(variable, $"config map {mapKey.Name} key {mapKey.Key}");
        }
        throw Missing(variable, "a source this test does not know");
    }

    private static InvalidOperationException Missing(V1EnvVar variable, string what) => new($"{variable.Name} refers to {what}, which the rendered manifests do not have.");

    [GeneratedRegex(@"^metadata\.labels\['([^']+)'\]$")]
    private static partial Regex LabelPath();

    /// <summary>
    /// Writes the files of each ConfigMap volume the container mounts into a directory of its own
    /// under <paramref name="root"/>, as the kubelet mounts them; returns mount path → directory.
    /// </summary>
    public static Dictionary<string, string> MountConfigMaps(Manifests manifests, V1PodTemplateSpec template, V1Container container, string root)
    {
        var mounts = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var mount in container.VolumeMounts ?? [])
        {
            var volume = template.Spec.Volumes.Single(v => v.Name == mount.Name);
            if (volume.ConfigMap is null)
            {
                continue;
            }
            var directory = Directory.CreateDirectory(Path.Combine(root, mount.Name)).FullName;
            foreach (var (file, text) in manifests.ConfigMap(volume.ConfigMap.Name).Data)
            {
                File.WriteAllText(Path.Combine(directory, file), text);
            }
            mounts[mount.MountPath] = directory;
        }
        return mounts;
    }
}
