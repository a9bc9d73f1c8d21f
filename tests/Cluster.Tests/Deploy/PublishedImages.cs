namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>The project's images, each built once (<see cref="ImageBuild"/>) for the tests of a class, in one scratch folder.</summary>
public sealed class PublishedImages : IDisposable
{
    private readonly Dictionary<string, ImageOutput> _built = [];
    private readonly ImageBuild _build;

    public PublishedImages()
    {
        Work = Directory.CreateTempSubdirectory("eventstreams-images-").FullName;
        _build = new ImageBuild(Work);
    }

    /// <summary>Scratch space for the tests too (mounted config files, a kubeconfig).</summary>
    public string Work { get; }

    public async Task<ImageOutput> GetAsync(string dockerfile, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var key = dockerfile + string.Concat((buildArgs ?? new Dictionary<string, string>()).Select(a => $" {a.Key}={a.Value}"));
        if (!_built.TryGetValue(key, out var image))
        {
            image = await _build.BuildAsync(dockerfile, $"image-{_built.Count}", buildArgs);
            _built[key] = image;
        }
        return image;
    }

    public void Dispose() => Directory.Delete(Work, recursive: true);
}
