namespace EventStreams.Gateway.Streaming;

/// <summary>The two wire formats, chosen from the Accept header exactly as the original does.</summary>
public enum StreamFormat
{
    ServerSentEvents,
    NewlineDelimitedJson,
}

internal static class StreamFormats
{
    /// <summary>
    /// Returns the format and the Content-Type to send. No Accept header gives SSE without a
    /// charset; an Accept that starts with application/json (case-sensitive) gives NDJSON;
    /// anything else gives SSE with a charset.
    /// </summary>
    public static (StreamFormat Format, string ContentType) Negotiate(string? accept) => accept switch
    {
        null => (StreamFormat.ServerSentEvents, "text/event-stream"),
        _ when accept.StartsWith("application/json", StringComparison.Ordinal) =>
            (StreamFormat.NewlineDelimitedJson, "application/json; charset=utf-8"),
        _ => (StreamFormat.ServerSentEvents, "text/event-stream; charset=utf-8"),
    };
}
