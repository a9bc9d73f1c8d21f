using k8s;
using k8s.Models;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>
/// One rendered overlay as the Kubernetes API's own types (KubernetesClient's models), parsed
/// strictly: a field the API does not have (a typo, a field at the wrong level) fails the parse.
/// </summary>
public sealed class Manifests(string kustomization, IReadOnlyList<object> objects)
{
    public string Kustomization { get; } = kustomization;

    public IReadOnlyList<object> Objects { get; } = objects;

    public static async Task<Manifests> RenderAsync(string kustomization) => Parse(kustomization, await Kustomize.RenderAsync(kustomization));

    public static Manifests Parse(string kustomization, string yaml) =>
        new(kustomization, KubernetesYaml.LoadAllFromString(yaml, typeMap: null, strict: true));

    public IEnumerable<T> All<T>() => Objects.OfType<T>();

    public T One<T>(string name) where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name) ?? throw new InvalidOperationException($"{Kustomization} has no {typeof(T).Name} {name}.");

    public V1Deployment Deployment(string name) => One<V1Deployment>(name);

    /// <summary>The ConfigMap or Secret a pod mounts or reads, by the name it uses (generated names carry a hash).</summary>
    public V1ConfigMap ConfigMap(string name) => One<V1ConfigMap>(name);

    public V1Secret Secret(string name) => One<V1Secret>(name);

    /// <summary>Pod templates (with their workload's name) whose labels the selector matches.</summary>
    public IEnumerable<(string Workload, V1PodTemplateSpec Template)> PodsMatching(IDictionary<string, string> selector) =>
        PodTemplates().Where(p => selector.All(s => p.Template.Metadata.Labels.TryGetValue(s.Key, out var v) && v == s.Value));

    public IEnumerable<(string Workload, V1PodTemplateSpec Template)> PodTemplates() =>
        All<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template))
            .Concat(All<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template)));

    public override string ToString() => Kustomization;
}
