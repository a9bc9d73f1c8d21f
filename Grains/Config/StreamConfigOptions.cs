using System.Text.Json.Nodes;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;

namespace EventStreams.Grains.Config;

/// <summary>
/// Where the stream configuration comes from and how it is merged; bound from the "StreamConfig"
/// section. A config.yaml (--config) fills it from the original's stream_config_* keys; the
/// file key is named in brackets. docs/configuration.md has the rules.
/// </summary>
public sealed class StreamConfigOptions : IValidatableOptions
{
    public const string SectionName = "StreamConfig";

    /// <summary>(stream_config_uri) A local path, a file:// URI or an http(s) URL of a YAML or JSON document.</summary>
    public string Uri { get; set; } = "stream-config.yaml";

    /// <summary>(stream_config_uri_options.headers) Request headers for an http(s) <see cref="Uri"/>, e.g. Host.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>(stream_config_object_path) Dotted path to the streams inside the document, e.g. "streams".</summary>
    public string? ObjectPath { get; set; }

    /// <summary>(stream_config_defaults) YAML or JSON: stream name → settings used where the document sets none.</summary>
    public string? Defaults { get; set; }

    /// <summary>(stream_config_overrides) YAML or JSON: stream name → settings that replace the document's.</summary>
    public string? Overrides { get; set; }

    /// <summary>(allowed_streams) Canonical stream names to serve (their aliases come along); empty serves all.</summary>
    public List<string> AllowedStreams { get; set; } = [];

    /// <summary>(stream_config_ttl) Reload interval in seconds; 0 loads once at start.</summary>
    public double TtlSeconds { get; set; }

    /// <summary>(user_agent) User-Agent of every configuration and schema request.</summary>
    public string UserAgent { get; set; } = "eventstreams";

    /// <summary>(schema_base_uris) Bases that a stream's $schema, or /{schema_title}/{latest}, is fetched from, in order.</summary>
    public List<string> SchemaBaseUris { get; set; } = [];

    /// <summary>(schema_latest_version) With base URIs, a stream with only schema_title gets /{schema_title}/{this}.</summary>
    public string? SchemaLatestVersion { get; set; }

    /// <summary>(schema_uri_options.headers) Request headers for schema requests.</summary>
    public Dictionary<string, string> SchemaHeaders { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public TimeSpan Ttl => TimeSpan.FromSeconds(TtlSeconds);

    public string? Validate()
    {
        var errors = new OptionErrors();
        if (string.IsNullOrWhiteSpace(Uri))
            errors.Add($"{SectionName}:{nameof(Uri)} (stream_config_uri) must name the stream configuration: a path, file:// or http(s) URL.");
        if (!double.IsFinite(TtlSeconds) || TtlSeconds < 0)
            errors.Add($"{SectionName}:{nameof(TtlSeconds)} (stream_config_ttl) must be 0 or a positive number of seconds (was {TtlSeconds}).");
        if (ObjectPath is { Length: > 0 } path && path.Split('.').Any(string.IsNullOrEmpty))
            errors.Add($"{SectionName}:{nameof(ObjectPath)} (stream_config_object_path) must be names separated by single dots (was '{path}').");
        if (TreeError(nameof(Defaults), "stream_config_defaults", Defaults) is { } defaultsError)
            errors.Add(defaultsError);
        if (TreeError(nameof(Overrides), "stream_config_overrides", Overrides) is { } overridesError)
            errors.Add(overridesError);
        if (string.IsNullOrWhiteSpace(UserAgent))
            errors.Add($"{SectionName}:{nameof(UserAgent)} (user_agent) must not be empty.");
        if (SchemaBaseUris.FirstOrDefault(u => !System.Uri.TryCreate(u, UriKind.Absolute, out _)) is { } badBase)
            errors.Add($"{SectionName}:{nameof(SchemaBaseUris)} (schema_base_uris) must be absolute URIs (was '{badBase}').");
        return errors.Message;
    }

    /// <summary>Defaults or overrides as a tree; null when unset. Validation guarantees it parses.</summary>
    public static JsonObject? ParseTree(string? text) =>
        string.IsNullOrWhiteSpace(text) ? null : YamlJson.Parse(text) as JsonObject;

    private static string? TreeError(string property, string fileKey, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }
        try
        {
            return YamlJson.Parse(text) is JsonObject ? null
                : $"{SectionName}:{property} ({fileKey}) must be a mapping of stream names to settings.";
        }
        catch (FormatException e)
        {
            return $"{SectionName}:{property} ({fileKey}) is {e.Message}";
        }
    }
}
