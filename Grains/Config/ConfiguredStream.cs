using System.Text.Json.Nodes;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;

namespace EventStreams.Grains.Config;

/// <summary>A canonical stream that will be served, with its merged settings as in the document.</summary>
public sealed record ConfiguredStream(string Name, JsonObject Settings)
{
    public string[] Topics => Strings(Settings["topics"]);

    public string? SchemaTitle => YamlJson.ScalarText(Settings["schema_title"]);

    /// <summary>The stream's explicit schema URI ($schema), absolute or relative to the schema base URIs.</summary>
    public string? SchemaUri => YamlJson.ScalarText(Settings["$schema"]);

    /// <summary>A list's items as text; a single value counts as a list of one; nulls are skipped.</summary>
    public static string[] Strings(JsonNode? node) => node switch
    {
        JsonArray list => [.. list.Select(YamlJson.ScalarText).OfType<string>()],
        JsonValue single when YamlJson.ScalarText(single) is { } text => [text],
        _ => [],
    };
}
