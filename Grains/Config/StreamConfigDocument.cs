using System.Text.Json.Nodes;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;

namespace EventStreams.Grains.Config;

/// <summary>
/// The original's stream configuration rules (routes/stream.js loadStreamConfigs), without I/O.
/// In order: take the object at the object path, merge defaults, then overrides; drop regex keys
/// and streams without topics; keep allowed streams; default the description; (schemas are
/// fetched here, between <see cref="Select"/> and <see cref="Expand"/>); add aliases; sort.
/// </summary>
public static class StreamConfigDocument
{
    public const string AliasNoteFormat = "\n\n(NOTE: This stream is an alias of {0})";

    /// <summary>The whole pipeline without schemas: text in, sorted stream definitions out.</summary>
    /// <exception cref="InvalidConfigurationException">Unparseable, the wrong shape, or no stream left.</exception>
    public static StreamDefinition[] Parse(string yamlOrJson, StreamConfigRules rules) =>
        Expand(Select(ParseText(yamlOrJson), rules), schemas: null);

    public static JsonNode? ParseText(string yamlOrJson)
    {
        try
        {
            return YamlJson.Parse(yamlOrJson);
        }
        catch (FormatException e)
        {
            throw new InvalidConfigurationException($"The stream configuration is {e.Message}", e);
        }
    }

    /// <summary>The canonical streams to serve, with merged settings and a description, in document order.</summary>
    public static List<ConfiguredStream> Select(JsonNode? document, StreamConfigRules rules)
    {
        var streams = ConfigTree.At(document, rules.ObjectPath) switch
        {
            JsonObject o => o,
            // The original's _.get yields undefined here and then finds no stream; say why instead.
            null when rules.ObjectPath is { Length: > 0 } => throw new InvalidConfigurationException(
                $"The stream configuration has nothing at the object path '{rules.ObjectPath}' (stream_config_object_path)."),
            null => [],
            _ => throw new InvalidConfigurationException(
                $"The stream configuration must be a mapping of stream names to settings{(rules.ObjectPath is { Length: > 0 } p ? $" at '{p}'" : "")}."),
        };
        if (rules.Defaults is not null)
        {
            streams = ConfigTree.WithDefaults(streams, rules.Defaults);
        }
        if (rules.Overrides is not null)
        {
            streams = ConfigTree.WithOverrides(streams, rules.Overrides);
        }
        var allowed = rules.AllowedStreams is { Count: > 0 } names ? new HashSet<string>(names, StringComparer.Ordinal) : null;

        var selected = new List<ConfiguredStream>();
        foreach (var (name, value) in streams)
        {
            // Keys starting with '/' are regexes in MediaWiki's stream config; no client can request them.
            if (name.StartsWith('/') || value is not JsonObject settings || ConfiguredStream.Strings(settings["topics"]).Length == 0)
            {
                continue;
            }
            if (allowed is not null && !allowed.Contains(name))
            {
                continue;
            }
            var copy = settings.DeepClone().AsObject();
            if (string.IsNullOrWhiteSpace(YamlJson.ScalarText(copy["description"])))
            {
                copy["description"] = $"{name} events.";
            }
            selected.Add(new ConfiguredStream(name, copy));
        }
        return selected;
    }

    /// <summary>Stream definitions for the selected streams and their aliases, sorted by name (ordinal).</summary>
    /// <param name="schemas">Stream name → its fetched JSON schema, for the streams that have one.</param>
    public static StreamDefinition[] Expand(IReadOnlyList<ConfiguredStream> selected, IReadOnlyDictionary<string, string>? schemas)
    {
        var byName = new Dictionary<string, StreamDefinition>(StringComparer.Ordinal);
        foreach (var stream in selected)
        {
            byName[stream.Name] = Define(stream, schemas);
        }
        foreach (var stream in selected)
        {
            var canonical = byName[stream.Name];
            foreach (var alias in ConfiguredStream.Strings(stream.Settings["stream_aliases"]))
            {
                // A real stream keeps its name; the first alias of a name wins over later ones.
                // (The original let whichever was written last win, depending on key order.)
                byName.TryAdd(alias, canonical with
                {
                    Name = alias,
                    AliasOf = stream.Name,
                    Description = canonical.Description + string.Format(AliasNoteFormat, stream.Name),
                });
            }
        }
        if (byName.Count == 0)
        {
            throw new InvalidConfigurationException(
                "The stream configuration defines no stream with topics (after allowed_streams); nothing could be served.");
        }
        return [.. byName.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];
    }

    private static StreamDefinition Define(ConfiguredStream stream, IReadOnlyDictionary<string, string>? schemas)
    {
        var topics = stream.Topics;
        var allowed = ConfiguredStream.Strings(stream.Settings["topics_allowed"]);
        return new StreamDefinition(
            stream.Name,
            topics,
            allowed.Length > 0 ? allowed : topics,
            YamlJson.ScalarText(stream.Settings["description"])!,
            AliasOf: null,
            stream.SchemaTitle,
            schemas?.GetValueOrDefault(stream.Name));
    }
}
