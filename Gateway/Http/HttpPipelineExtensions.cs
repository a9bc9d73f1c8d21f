namespace EventStreams.Gateway.Http;

public static class HttpPipelineExtensions
{
    /// <summary>
    /// What every response of the service goes through, before the endpoints: the original's
    /// app-wide headers (CORS, CSP and friends, configured under "Http"), then unhandled
    /// exceptions turned into JSON 500s in the service's error shape. Nothing here compresses:
    /// streams never end.
    /// </summary>
    public static IApplicationBuilder UseServiceHeadersAndJsonErrors(this IApplicationBuilder app) =>
        app.UseMiddleware<ServiceHeadersMiddleware>().UseMiddleware<ErrorResponseMiddleware>();
}
