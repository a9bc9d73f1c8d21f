using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EventStreams.Gateway.Api;

/// <summary>
/// Errors the original raised inside KafkaSSE, before the 200, have their own shape:
/// {"message","origin":"KafkaSSE","name",…extra,"statusCode"}. Clients match on it, so we keep it.
/// The original sent no Content-Type; we send application/json, which no client can mind.
/// </summary>
internal static class KafkaSseError
{
    private static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult TopicsNotAvailable(IEnumerable<string> missing, IEnumerable<string> available) =>
        Create(StatusCodes.Status404NotFound, "TopicNotAvailableError",
            $"Topics {string.Join(", ", missing)} are not available for consumption.",
            ("availableTopics", Strings(available)));

    public static IResult NoTopicsAvailable(IEnumerable<string> allowed) =>
        Create(StatusCodes.Status500InternalServerError, "ConfigurationError",
            "No topics available for consumption. This likely means that the configured allowedTopics do not currently exist.",
            ("allowedTopics", Strings(allowed)));

    /// <summary>A header that is not one readable JSON value, with our message (never the JSON parser's own, which names .NET's internals).</summary>
    public static IResult InvalidLastEventIdJson(string message, string header) =>
        Create(StatusCodes.Status400BadRequest, "InvalidAssignmentError", message,
            ("originalName", JsonValue.Create("SyntaxError")), ("last_event_id", JsonValue.Create(header)));

    public static IResult InvalidAssignmentShape(JsonNode? assignments, string message) =>
        Create(StatusCodes.Status400BadRequest, "InvalidAssignmentError", message,
            ("originalName", JsonValue.Create("Error")), ("assignments", assignments?.DeepClone()));

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(t => (JsonNode?)JsonValue.Create(t))]);

    private static IResult Create(int status, string name, string message, params (string Key, JsonNode? Value)[] extra)
    {
        var body = new JsonObject { ["message"] = message, ["origin"] = "KafkaSSE", ["name"] = name };
        foreach (var (key, value) in extra)
        {
            body[key] = value;
        }
        body["statusCode"] = status;
        return TypedResults.Text(body.ToJsonString(JsonOptions), "application/json; charset=utf-8", statusCode: status);
    }
}
