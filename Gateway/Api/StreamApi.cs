using EventStreams.Gateway.Http;
using EventStreams.Gateway.Streaming;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Api;

/// <summary>GET /v2/stream/{streams}: the event stream itself.</summary>
public static class StreamApi
{
    /// <summary>The stream route, written once: the endpoints and the OpenAPI document use it.</summary>
    public const string RouteTemplate = "/v2/stream/{streams}";

    /// <summary>The path of one stream (or a comma-separated list), as the OpenAPI document lists them.</summary>
    public static string PathOf(string streams) => RouteTemplate.Replace("{streams}", streams, StringComparison.Ordinal);

    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(RouteTemplate, OpenStreamAsync)
            .WithTags("streams")
            .WithName("stream")
            .WithSummary("Server-Sent Events (or NDJSON) of one or more comma-separated streams.");
        app.MapMethods(RouteTemplate, [HttpMethods.Options], Preflight).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A CORS preflight: a browser asks before a cross-origin GET that sends Last-Event-ID (fetch-based
    /// SSE clients do). 204 with the CORS headers (the service headers add origin, allowed and exposed
    /// headers); nothing is checked or counted, the GET that follows is. With Http:Cors=false the
    /// service does no CORS, and OPTIONS is an unknown method like any other (the JSON 404).
    /// </summary>
    private static IResult Preflight(HttpContext context, IOptions<HttpHeadersOptions> headers)
    {
        if (!headers.Value.CorsEnabled)
        {
            return NotFound.Result(context);
        }
        context.Response.Headers.AccessControlAllowMethods = CorsHeaders.AllowMethods;
        context.Response.Headers.AccessControlMaxAge = CorsHeaders.PreflightMaxAgeSeconds;
        return TypedResults.NoContent();
    }

    private static async Task<IResult> OpenStreamAsync(
        string streams,
        HttpContext context,
        StreamOpener opener,
        ConnectionRegistry connections,
        IOptions<GatewayOptions> options,
        ILogger<StreamSession> logger)
    {
        var (stream, error) = await opener.OpenAsync(context, streams);
        return stream is null
            ? error!
            : new StreamSession(stream, connections, options.Value, logger);
    }
}
