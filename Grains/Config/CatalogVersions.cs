using System.Text.Json;
using EventStreams.Grains.Interfaces.Config;

namespace EventStreams.Grains.Config;

/// <summary>
/// The catalog in use and its version. The version changes only when the content does, so
/// gateways rebuild their index only then. It starts from the load time in milliseconds, so a
/// re-activated grain never reuses a number an older activation gave to other content.
/// </summary>
public sealed class CatalogVersions
{
    private string? _fingerprint;

    public StreamCatalog? Current { get; private set; }

    /// <summary>Takes <paramref name="streams"/> as the catalog; true when its content differs from the current one.</summary>
    public bool Update(StreamDefinition[] streams, long nowUnixMilliseconds)
    {
        // Records compare arrays by reference, so content is compared through its serialized form.
        var fingerprint = JsonSerializer.Serialize(streams);
        if (Current is not null && fingerprint == _fingerprint)
        {
            return false;
        }
        var version = Current is null ? nowUnixMilliseconds : Math.Max(Current.Version + 1, nowUnixMilliseconds);
        Current = new StreamCatalog(version, streams);
        _fingerprint = fingerprint;
        return true;
    }
}
