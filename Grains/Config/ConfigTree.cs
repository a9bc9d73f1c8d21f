using System.Text.Json.Nodes;

namespace EventStreams.Grains.Config;

/// <summary>
/// The merge operations of the stream configuration, on JSON trees. Both return new trees and
/// never share nodes with their inputs.
/// </summary>
public static class ConfigTree
{
    /// <summary>
    /// The value at a dotted path (lodash _.get), or null when any step is missing.
    /// An empty path is the document itself.
    /// </summary>
    public static JsonNode? At(JsonNode? document, string? dottedPath)
    {
        if (string.IsNullOrEmpty(dottedPath))
        {
            return document;
        }
        var node = document;
        foreach (var step in dottedPath.Split('.'))
        {
            node = node switch
            {
                JsonObject o => o[step],
                JsonArray a when int.TryParse(step, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    /// <summary>
    /// lodash _.defaultsDeep(target, defaults), with one deliberate difference. Defaults only fill
    /// what is unset (missing or null) and recurse into objects that both sides have.
    /// An array the target sets is kept whole: lodash merges arrays index by index, so a default
    /// topics list of two would add a second topic to a stream that names one. That quirk is fixed.
    /// </summary>
    public static JsonObject WithDefaults(JsonObject target, JsonObject defaults)
    {
        var result = target.DeepClone().AsObject();
        FillDefaults(result, defaults);
        return result;
    }

    /// <summary>
    /// Overrides replace per key: objects are merged key by key at every level, and any other
    /// value (arrays included, replaced whole, and null) replaces the target's.
    /// </summary>
    public static JsonObject WithOverrides(JsonObject target, JsonObject overrides)
    {
        var result = target.DeepClone().AsObject();
        ApplyOverrides(result, overrides);
        return result;
    }

    private static void FillDefaults(JsonObject target, JsonObject defaults)
    {
        foreach (var (key, value) in defaults)
        {
            var existing = target[key];
            if (existing is null)
            {
                target[key] = value?.DeepClone();
            }
            else if (existing is JsonObject existingObject && value is JsonObject defaultObject)
            {
                FillDefaults(existingObject, defaultObject);
            }
        }
    }

    private static void ApplyOverrides(JsonObject target, JsonObject overrides)
    {
        foreach (var (key, value) in overrides)
        {
            if (target[key] is JsonObject existingObject && value is JsonObject overrideObject)
            {
                ApplyOverrides(existingObject, overrideObject);
            }
            else
            {
                target[key] = value?.DeepClone();
            }
        }
    }
}
