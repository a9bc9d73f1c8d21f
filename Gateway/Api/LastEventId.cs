using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventStreams.Gateway.Api;

/// <summary>One element of a Last-Event-ID: a whole topic, or a partition with a position.</summary>
internal abstract record RequestedAssignment(string Topic);

/// <summary>A topic name: every partition, at the live end or at `since`.</summary>
internal sealed record TopicAssignment(string Topic) : RequestedAssignment(Topic);

/// <summary>
/// A partition with an offset and/or a timestamp. <see cref="Json"/> is the element as the client
/// sent it (extra keys included), echoed back in ids until the partition delivers.
/// </summary>
internal sealed record PartitionAssignment(string Topic, int Partition, long? Offset, long? Timestamp, JsonObject Json) : RequestedAssignment(Topic);

/// <summary>
/// Parses and validates the Last-Event-ID header exactly as KafkaSSE's validateAssignments:
/// a non-empty JSON array whose elements are topic names, or objects with a string topic,
/// an integer partition and an integer offset or timestamp.
/// </summary>
internal static class LastEventId
{
    public const string InvalidShapeMessage =
        "Must provide either an array topic names, or  an array of objects with topic, partition and offset|timestamp.";

    public static bool TryParse(string header, out RequestedAssignment[] assignments, out IResult? error)
    {
        assignments = [];
        JsonNode? parsed;
        try
        {
            parsed = JsonNode.Parse(header);
        }
        catch (JsonException e)
        {
            error = KafkaSseError.InvalidLastEventIdJson(e.Message, header);
            return false;
        }
        if (parsed is not JsonArray { Count: > 0 } array)
        {
            error = KafkaSseError.InvalidAssignmentShape(parsed, InvalidShapeMessage);
            return false;
        }
        var result = new List<RequestedAssignment>(array.Count);
        foreach (var element in array)
        {
            if (ToAssignment(element) is not { } assignment)
            {
                error = KafkaSseError.InvalidAssignmentShape(parsed, InvalidShapeMessage);
                return false;
            }
            result.Add(assignment);
        }
        assignments = [.. result];
        error = null;
        return true;
    }

    private static RequestedAssignment? ToAssignment(JsonNode? element)
    {
        if (element is JsonValue value && value.TryGetValue<string>(out var topicName))
        {
            return new TopicAssignment(topicName);
        }
        if (element is not JsonObject obj || !TryGetString(obj, "topic", out var topic) || !TryGetInteger(obj, "partition", out var partition)
            || partition is < 0 or > int.MaxValue)
        {
            return null;
        }
        var hasOffset = TryGetInteger(obj, "offset", out var offset);
        var hasTimestamp = TryGetInteger(obj, "timestamp", out var timestamp);
        if (!hasOffset && !hasTimestamp)
        {
            return null;
        }
        return new PartitionAssignment(topic, (int)partition, hasOffset ? offset : null, hasTimestamp ? timestamp : null, obj);
    }

    private static bool TryGetString(JsonObject obj, string key, out string value)
    {
        value = "";
        return obj[key] is JsonValue v && v.TryGetValue(out value!);
    }

    /// <summary>A JSON number with an integral value, as JavaScript's Number.isInteger (so 3.0 counts).</summary>
    private static bool TryGetInteger(JsonObject obj, string key, out long value)
    {
        value = 0;
        if (obj[key] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number)
        {
            return false;
        }
        if (v.TryGetValue(out value))
        {
            return true;
        }
        if (v.TryGetValue(out double d) && Math.Floor(d) == d && Math.Abs(d) < 9.2e18)
        {
            value = (long)d;
            return true;
        }
        return false;
    }
}
