using System.Text;
using EventStreams.Gateway.Config;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.Swagger;

namespace EventStreams.Gateway.Docs;

/// <summary>
/// The serialized OpenAPI document (/?spec) for the catalog version this node holds. It is built
/// once per catalog version, not per request, and rebuilt when a reload changes the catalog.
/// </summary>
internal sealed class OpenApiDocumentCache(StreamCatalogCache catalogs, ISwaggerProvider generator)
{
    /// <summary>Swashbuckle's name for the one document this service has.</summary>
    public const string DocumentName = "eventstreams";

    private readonly SemaphoreSlim _buildLock = new(1, 1);
    private Built? _built;

    public async Task<byte[]> GetAsync(CancellationToken cancellationToken)
    {
        var version = (await catalogs.GetAsync()).Catalog.Version;
        if (Volatile.Read(ref _built) is { } built && built.Version == version)
        {
            return built.Json;
        }
        await _buildLock.WaitAsync(cancellationToken);
        try
        {
            if (_built is { } other && other.Version == version)
            {
                return other.Json;
            }
            // The filter reads the catalog the node holds now: this version or a newer one. Labelling
            // the result with the version read above can only cause one needless rebuild, never a stale document.
            var document = generator.GetSwagger(DocumentName);
            // 3.0, as the original (openapi: 3.0.0): what existing tools and the original UI expect.
            var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0, cancellationToken);
            var bytes = Encoding.UTF8.GetBytes(json);
            Volatile.Write(ref _built, new Built(version, bytes));
            return bytes;
        }
        finally
        {
            _buildLock.Release();
        }
    }

    private sealed record Built(long Version, byte[] Json);
}
