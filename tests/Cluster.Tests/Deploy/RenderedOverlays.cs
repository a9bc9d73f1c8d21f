namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>Every kustomization under deploy/k8s, rendered once for the tests of a class.</summary>
public sealed class RenderedOverlays : IAsyncLifetime
{
    private readonly Dictionary<string, Manifests> _rendered = [];

    public Manifests this[string kustomization] => _rendered[kustomization];

    public async Task InitializeAsync()
    {
        foreach (var kustomization in Kustomize.All)
        {
            _rendered[kustomization] = await Manifests.RenderAsync(kustomization);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;
}
