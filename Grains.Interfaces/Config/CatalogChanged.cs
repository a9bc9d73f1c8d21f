namespace EventStreams.Grains.Interfaces.Config;

/// <summary>
/// Published by the StreamConfigGrain on Orleans Streaming when a reload changed the stream
/// catalog, so every gateway fetches the new one at once instead of polling for it. It carries
/// only the version: the catalog itself is fetched with <see cref="IStreamConfigGrain.GetCatalog"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record CatalogChanged([property: Id(0)] long Version)
{
    /// <summary>The stream it is published on (namespace and key), in the cluster's stream provider.</summary>
    public const string StreamNamespace = "stream-catalog";

    public const string StreamKey = "changes";
}
