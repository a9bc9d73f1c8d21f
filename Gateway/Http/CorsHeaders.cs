namespace EventStreams.Gateway.Http;

/// <summary>
/// The CORS header values (when Http:Cors is not "false"). The original allowed
/// "accept, x-requested-with, content-type"; browser clients built on fetch (npm eventsource-client,
/// @microsoft/fetch-event-source) resume by sending Last-Event-ID as a request header, which is not
/// CORS-safelisted, so a cross-origin resume needs a preflight that allows it.
/// </summary>
public static class CorsHeaders
{
    public const string AllowHeaders = "accept, x-requested-with, content-type, last-event-id";

    /// <summary>What a cross-origin page may read: the original's etag, and whether its resume was exact.</summary>
    public const string ExposeHeaders = $"etag, {Api.ResumeReport.Header}, {Api.ResumeReport.DetailHeader}";

    /// <summary>Only GET reaches a stream (HEAD and the rest are 404s).</summary>
    public const string AllowMethods = "GET";

    /// <summary>How long a browser may reuse a preflight answer: 2 hours, the most Chromium honours (Firefox allows 24).</summary>
    public const string PreflightMaxAgeSeconds = "7200";
}
