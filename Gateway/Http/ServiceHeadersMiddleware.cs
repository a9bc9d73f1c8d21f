using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Http;

/// <summary>
/// Adds the original's CORS and security headers to every response: streams, errors and
/// unknown paths alike. They are added when the response starts, so nothing that resets the
/// headers earlier (an error result, a 404) can lose them. A response that set its own policy
/// (<see cref="ContentSecurityPolicy"/>, the API docs) gets that one in the three CSP headers.
/// </summary>
internal sealed class ServiceHeadersMiddleware(RequestDelegate next, IOptions<HttpHeadersOptions> options)
{
    private static readonly string[] CspHeaders = ["content-security-policy", "x-content-security-policy", "x-webkit-csp"];

    private readonly KeyValuePair<string, StringValues>[] _headers = Build(options.Value);

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(AddHeaders, (context, _headers));
        return next(context);
    }

    private static Task AddHeaders(object state)
    {
        var (context, headers) = ((HttpContext, KeyValuePair<string, StringValues>[]))state;
        var response = context.Response;
        foreach (var (name, value) in headers)
        {
            response.Headers[name] = value;
        }
        if (ContentSecurityPolicy.Get(context) is { } policy)
        {
            foreach (var name in CspHeaders)
            {
                response.Headers[name] = policy;
            }
        }
        return Task.CompletedTask;
    }

    private static KeyValuePair<string, StringValues>[] Build(HttpHeadersOptions options)
    {
        List<KeyValuePair<string, StringValues>> headers = [];
        if (options.CorsEnabled)
        {
            headers.Add(new("access-control-allow-origin", options.Cors));
            headers.Add(new("access-control-allow-headers", CorsHeaders.AllowHeaders));
            headers.Add(new("access-control-expose-headers", CorsHeaders.ExposeHeaders));
        }
        if (options.CspEnabled)
        {
            headers.Add(new("x-xss-protection", "1; mode=block"));
            headers.Add(new("x-content-type-options", "nosniff"));
            headers.Add(new("x-frame-options", "SAMEORIGIN"));
            headers.Add(new("content-security-policy", options.Csp));
            headers.Add(new("x-content-security-policy", options.Csp));
            headers.Add(new("x-webkit-csp", options.Csp));
        }
        return [.. headers];
    }
}
