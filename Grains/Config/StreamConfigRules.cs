using System.Text.Json.Nodes;

namespace EventStreams.Grains.Config;

/// <summary>How a fetched stream configuration document becomes the served streams; no I/O.</summary>
/// <param name="ObjectPath">Dotted path to the streams inside the document; null for the whole document.</param>
/// <param name="Defaults">Stream name → settings that fill what the document leaves unset.</param>
/// <param name="Overrides">Stream name → settings that replace the document's.</param>
/// <param name="AllowedStreams">Canonical names to keep; empty keeps every stream.</param>
public sealed record StreamConfigRules(
    string? ObjectPath = null,
    JsonObject? Defaults = null,
    JsonObject? Overrides = null,
    IReadOnlyCollection<string>? AllowedStreams = null)
{
    public static StreamConfigRules None { get; } = new();

    public static StreamConfigRules From(StreamConfigOptions options) => new(
        options.ObjectPath,
        StreamConfigOptions.ParseTree(options.Defaults),
        StreamConfigOptions.ParseTree(options.Overrides),
        options.AllowedStreams);
}
