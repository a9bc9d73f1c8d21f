using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.Options;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace EventStreams.Grains.Config;

/// <summary>Reads the stream configuration in the original service's format and builds the catalog.</summary>
public sealed class StreamConfigLoader(IOptions<StreamConfigOptions> options)
{
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(UnderscoredNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    public async Task<StreamCatalog> LoadAsync(long version, CancellationToken cancellationToken = default)
    {
        var text = await File.ReadAllTextAsync(ResolvePath(options.Value.Uri), cancellationToken);
        return Parse(text, version);
    }

    /// <summary>
    /// A file:// URI or a path. A relative path is looked up in the working directory first,
    /// then next to the binary (where the example configuration is copied).
    /// </summary>
    public static string ResolvePath(string uri)
    {
        var path = uri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(uri).LocalPath : uri;
        if (Path.IsPathRooted(path) || File.Exists(path))
        {
            return path;
        }
        var besideBinary = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideBinary) ? besideBinary : path;
    }

    /// <summary>Parses YAML (JSON is YAML too) and applies the original's filtering, defaults and aliases.</summary>
    public static StreamCatalog Parse(string yamlOrJson, long version)
    {
        var raw = Yaml.Deserialize<Dictionary<string, StreamEntry?>>(yamlOrJson) ?? [];
        var streams = new List<StreamDefinition>();
        foreach (var (name, entry) in raw)
        {
            // Keys starting with '/' are regex stream names in MediaWiki's config; they cannot be requested.
            if (name.StartsWith('/') || entry?.Topics is not { Count: > 0 } topics)
            {
                continue;
            }
            var description = string.IsNullOrWhiteSpace(entry.Description) ? $"{name} events." : entry.Description;
            string[] allowed = entry.TopicsAllowed is { Count: > 0 } a ? [.. a] : [.. topics];
            streams.Add(new StreamDefinition(name, [.. topics], allowed, description, null, entry.SchemaTitle));
            foreach (var alias in entry.StreamAliases ?? [])
            {
                streams.Add(new StreamDefinition(alias, [.. topics], allowed,
                    $"{description}\n\n(NOTE: This stream is an alias of {name})", name, entry.SchemaTitle));
            }
        }
        if (streams.Count == 0)
        {
            throw new InvalidOperationException("The stream configuration defines no stream with topics; nothing could be served.");
        }
        streams.Sort((x, y) => string.CompareOrdinal(x.Name, y.Name));
        return new StreamCatalog(version, [.. streams]);
    }

    private sealed class StreamEntry
    {
        public List<string>? Topics { get; set; }
        public List<string>? TopicsAllowed { get; set; }
        public List<string>? StreamAliases { get; set; }
        public string? Description { get; set; }
        public string? SchemaTitle { get; set; }
    }
}
