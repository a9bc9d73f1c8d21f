using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Config;

/// <summary>
/// Fetches the JSON schema of each stream for the OpenAPI document. A schema that cannot be
/// fetched is logged and skipped, as in the original; when the same location answered before,
/// that copy is kept, so a flaky schema server does not make the configuration flip-flop.
/// </summary>
public sealed class SchemaFetcher(DocumentFetcher fetcher, IOptions<StreamConfigOptions> options, ILogger<SchemaFetcher> logger)
{
    private const int MaxParallelFetches = 4;

    private readonly ConcurrentDictionary<string, string> _lastGood = new(StringComparer.Ordinal);

    /// <summary>Stream name → compact JSON schema, for the streams whose schema could be fetched.</summary>
    public async Task<IReadOnlyDictionary<string, string>> FetchAsync(IReadOnlyList<ConfiguredStream> streams, CancellationToken cancellationToken)
    {
        var result = new ConcurrentDictionary<string, string>(StringComparer.Ordinal);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = MaxParallelFetches, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(streams, parallel, async (stream, token) =>
        {
            if (await FetchOneAsync(stream, token) is { } schema)
            {
                result[stream.Name] = schema;
            }
        });
        return result;
    }

    private async Task<string?> FetchOneAsync(ConfiguredStream stream, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var locations = SchemaLocations.For(stream, o.SchemaBaseUris, o.SchemaLatestVersion);
        if (locations.Count == 0)
        {
            return null;
        }
        var errors = new List<string>();
        foreach (var location in locations)
        {
            try
            {
                var text = await fetcher.GetAsync(location, o.SchemaHeaders, o.UserAgent, cancellationToken);
                if (YamlJson.Parse(text) is not JsonObject schema)
                {
                    throw new FormatException("not a JSON schema object");
                }
                var json = schema.ToJsonString();
                _lastGood[location] = json;
                return json;
            }
            catch (Exception e) when (e is DocumentFetchException or FormatException)
            {
                errors.Add($"{location}: {e.Message}");
            }
        }
        StreamConfigMetrics.SchemaFetchFailures.Inc();
        var kept = locations.Select(l => _lastGood.GetValueOrDefault(l)).FirstOrDefault(s => s is not null);
        logger.LogWarning("Could not fetch the schema of stream {Stream} ({Errors}); {Outcome}",
            stream.Name, string.Join("; ", errors), kept is null ? "it has none" : "keeping the one fetched before");
        return kept;
    }
}
