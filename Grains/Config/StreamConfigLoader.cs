using EventStreams.Grains.Interfaces.Config;
using EventStreams.Hosting;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Config;

/// <summary>Fetches the stream configuration, applies the original's rules and fetches the schemas.</summary>
public sealed class StreamConfigLoader(IOptions<StreamConfigOptions> options, DocumentFetcher fetcher, SchemaFetcher schemas)
{
    /// <summary>The streams to serve, sorted by name.</summary>
    /// <exception cref="InvalidConfigurationException">The configuration could not be read or yields no stream.</exception>
    public async Task<StreamDefinition[]> LoadAsync(CancellationToken cancellationToken = default)
    {
        var selected = await SelectAsync(options.Value, fetcher, cancellationToken);
        return StreamConfigDocument.Expand(selected, await schemas.FetchAsync(selected, cancellationToken));
    }

    /// <summary>
    /// One load without schemas, outside any host: the single-machine host uses it before start,
    /// to create the topics of the embedded broker.
    /// </summary>
    public static async Task<StreamDefinition[]> LoadOnceAsync(StreamConfigOptions options, CancellationToken cancellationToken = default)
    {
        using var fetcher = new DocumentFetcher();
        return StreamConfigDocument.Expand(await SelectAsync(options, fetcher, cancellationToken), schemas: null);
    }

    /// <summary>The pipeline on a text, without I/O; kept for callers that only have a YAML string.</summary>
    public static StreamCatalog Parse(string yamlOrJson, long version) =>
        new(version, StreamConfigDocument.Parse(yamlOrJson, StreamConfigRules.None));

    private static async Task<List<ConfiguredStream>> SelectAsync(StreamConfigOptions options, DocumentFetcher fetcher, CancellationToken cancellationToken)
    {
        string text;
        try
        {
            text = await fetcher.GetAsync(options.Uri, options.Headers, options.UserAgent, cancellationToken);
        }
        catch (DocumentFetchException e)
        {
            throw new InvalidConfigurationException($"Could not read the stream configuration (StreamConfig:Uri, stream_config_uri) from {e.Message}", e);
        }
        return StreamConfigDocument.Select(StreamConfigDocument.ParseText(text), StreamConfigRules.From(options));
    }
}
