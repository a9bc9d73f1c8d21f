namespace EventStreams.Gateway.Http;

public static class ServiceHeadersExtensions
{
    /// <summary>
    /// The original's app-wide headers (CORS, CSP and friends) on every response; configured
    /// under "Http". Add it before the endpoints. Nothing here compresses: streams never end.
    /// Behind them, unhandled exceptions become JSON 500s in the service's error shape.
    /// </summary>
    public static IApplicationBuilder UseServiceHeaders(this IApplicationBuilder app) =>
        app.UseMiddleware<ServiceHeadersMiddleware>().UseMiddleware<ErrorResponseMiddleware>();
}
