using EventStreams.Cluster.Tests.Infrastructure;
using k8s.Models;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>
/// Starts a workload of the rendered manifests from a built image as the kubelet would: the
/// image's entrypoint with the container's args appended, in the image's folder, with the
/// container's environment resolved and its ConfigMap volumes written out. The only changes are
/// the <paramref name="overrides"/> a test must make to run on one machine (addresses and ports),
/// each listed in <see cref="Substitutions"/>; a mounted path in an argument points at its copy.
/// </summary>
public sealed class ManifestPod
{
    private ManifestPod(NodeProcess process, V1Container container, IReadOnlyList<string> substitutions)
    {
        Process = process;
        Container = container;
        Substitutions = substitutions;
    }

    public NodeProcess Process { get; }

    public V1Container Container { get; }

    public IReadOnlyList<string> Substitutions { get; }

    public static ManifestPod Start(Manifests manifests, string workload, ImageOutput image, PodFacts pod, int httpPort,
        IReadOnlyDictionary<string, string> overrides, string scratch)
    {
        var (_, template) = manifests.PodTemplates().Single(p => p.Workload == workload);
        var container = template.Spec.Containers.Single();
        Assert.Null(container.Command); // the image's ENTRYPOINT runs, with the container's args after it
        var env = ContainerEnvironment.Resolve(manifests, template, container, pod);
        var substitutions = new List<string>();
        foreach (var (name, value) in overrides)
        {
            substitutions.Add(env.TryGetValue(name, out var was) ? $"{name}: '{was}' -> '{value}'" : $"{name}: (unset) -> '{value}'");
            env[name] = value;
        }
        var mounts = ContainerEnvironment.MountConfigMaps(manifests, template, container, Directory.CreateDirectory(Path.Combine(scratch, workload)).FullName);
        var args = (container.Args ?? []).Select(a => mounts.Aggregate(a, (arg, m) => arg.StartsWith(m.Key + "/", StringComparison.Ordinal) ? m.Value + arg[m.Key.Length..] : arg)).ToArray();
        substitutions.AddRange(mounts.Select(m => $"volume {m.Key} -> {m.Value}"));
        var process = NodeProcess.StartCommand(workload, image.Entrypoint[0], [.. image.Entrypoint[1..], .. args], env, image.Directory, $"http://127.0.0.1:{httpPort}");
        return new ManifestPod(process, container, substitutions);
    }
}
