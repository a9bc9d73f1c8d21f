using EventStreams.Grains.Interfaces.Config;

namespace EventStreams.Gateway.Config;

/// <summary>A catalog indexed by stream name.</summary>
internal sealed class StreamIndex(StreamCatalog catalog)
{
    private readonly Dictionary<string, StreamDefinition> _byName = catalog.Streams.ToDictionary(s => s.Name, StringComparer.Ordinal);

    public StreamCatalog Catalog { get; } = catalog;

    public bool TryGet(string name, out StreamDefinition stream) => _byName.TryGetValue(name, out stream!);
}
