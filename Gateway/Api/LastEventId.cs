using System.Text;
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
/// Before that, the header must be one unambiguous JSON value, or it is refused in the original's
/// unparseable-header shape (400 InvalidAssignmentError with the raw header), with a message of our
/// own: JSON.parse would have accepted a key twice (keeping the last) and a lone surrogate escape,
/// which no topic name contains; and nesting is bounded.
/// </summary>
internal static class LastEventId
{
    public const string InvalidShapeMessage =
        "Must provide either an array topic names, or  an array of objects with topic, partition and offset|timestamp.";

    /// <summary>
    /// Levels of nesting a header may have. An id is two deep (an array of flat objects); extra keys
    /// the client keeps in it are echoed back, so leave them room, but keep a hostile header cheap to
    /// read and its echo within what the JSON writer writes (64 levels).
    /// </summary>
    internal const int MaxDepth = 32;

    /// <summary>How much of a repeated key an error message quotes.</summary>
    private const int MaxQuotedKeyLength = 64;

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = MaxDepth };

    // One more level than allowed, so that a header one level too deep is told apart from bad JSON.
    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxDepth + 1 };

    public static bool TryParse(string header, out RequestedAssignment[] assignments, out IResult? error)
    {
        assignments = [];
        var utf8 = Encoding.UTF8.GetBytes(header);
        if (Unreadable(utf8) is { } problem)
        {
            error = KafkaSseError.InvalidLastEventIdJson(problem, header);
            return false;
        }
        var parsed = JsonNode.Parse(utf8, documentOptions: DocumentOptions);
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

    /// <summary>Why the header is not one unambiguous JSON value, or null when it is.</summary>
    private static string? Unreadable(byte[] utf8)
    {
        if (utf8.AsSpan().Trim(" \t"u8).IsEmpty)
        {
            return "Last-Event-ID is empty: it must be a JSON array.";
        }
        var reader = new Utf8JsonReader(utf8, ReaderOptions);
        var keys = new Stack<HashSet<string>>();
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth >= MaxDepth:
                        return $"Last-Event-ID is nested more than {MaxDepth} levels deep.";
                    case JsonTokenType.StartObject:
                        keys.Push(new HashSet<string>(StringComparer.Ordinal));
                        break;
                    case JsonTokenType.EndObject:
                        keys.Pop();
                        break;
                    case JsonTokenType.PropertyName when reader.GetString() is { } key && !keys.Peek().Add(key):
                        return $"Last-Event-ID has the key {Quote(key)} twice in one object.";
                    case JsonTokenType.String:
                        reader.GetString(); // only to check that it is text (see below)
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            return $"Last-Event-ID is not valid JSON (near byte {e.BytePositionInLine ?? 0}, counting from 0).";
        }
        catch (InvalidOperationException)
        {
            return @"Last-Event-ID has a \u escape of a lone surrogate (\ud800 to \udfff without its pair), which is not text.";
        }
        return null;
    }

    private static string Quote(string key) =>
        '"' + (key.Length > MaxQuotedKeyLength ? key[..MaxQuotedKeyLength] + "…" : key) + '"';

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
