using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EventStreams.Hosting.Configuration;

/// <summary>
/// Reads a YAML or JSON document into a JSON tree, the one representation that configuration
/// is merged and inspected in. JSON is parsed as JSON (numbers keep their exact text); anything
/// else is parsed as YAML with the core schema's plain-scalar rules for null, booleans and numbers.
/// </summary>
public static partial class YamlJson
{
    /// <summary>The tree of the document; null for an empty document or an explicit null.</summary>
    /// <exception cref="FormatException">The text is neither valid JSON nor valid YAML.</exception>
    public static JsonNode? Parse(string text)
    {
        var trimmed = text.AsSpan().TrimStart();
        if (trimmed.Length > 0 && trimmed[0] is '{' or '[')
        {
            try
            {
                return JsonNode.Parse(text);
            }
            catch (JsonException)
            {
                // Flow-style YAML such as "{a: b}" starts the same way; let the YAML parser decide.
            }
        }
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : ToNode(stream.Documents[0].RootNode);
        }
        catch (Exception e) when (e is YamlException or ArgumentException)
        {
            // ArgumentException: a duplicate key in a mapping. js-yaml, which the original used, refuses those too.
            throw new FormatException($"not valid YAML or JSON: {e.Message}", e);
        }
    }

    /// <summary>A scalar's text (strings unquoted, other values as JSON); null for null or a container.</summary>
    public static string? ScalarText(JsonNode? node) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var s) => s,
        JsonValue value => value.ToJsonString(),
        _ => null,
    };

    private static JsonNode? ToNode(YamlNode node) => node switch
    {
        YamlMappingNode mapping => ToObject(mapping),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToNode)]),
        YamlScalarNode scalar => ToValue(scalar),
        _ => null,
    };

    private static JsonObject ToObject(YamlMappingNode mapping)
    {
        var result = new JsonObject();
        foreach (var (key, value) in mapping.Children)
        {
            var name = key is YamlScalarNode s ? s.Value ?? "" : key.ToString();
            result[name] = ToNode(value);
        }
        return result;
    }

    private static JsonNode? ToValue(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style != ScalarStyle.Plain || !scalar.Tag.IsEmpty)
        {
            // Quoted or explicitly tagged scalars are text, as in every YAML schema.
            return JsonValue.Create(text);
        }
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (text is "true" or "True" or "TRUE" or "false" or "False" or "FALSE")
        {
            return JsonValue.Create(text[0] is 't' or 'T');
        }
        // Only JSON-shaped numbers become numbers, keeping their exact digits; 0x1F, .inf, 1.0.0 stay text.
        return JsonNumber().IsMatch(text) ? JsonNode.Parse(text) : JsonValue.Create(text);
    }

    [GeneratedRegex(@"^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex JsonNumber();
}
