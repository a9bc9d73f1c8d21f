using EventStreams.Gateway.Http;

namespace EventStreams.Gateway.Api;

/// <summary>Every path and method no other endpoint takes: <see cref="NotFound"/>.</summary>
public static class NotFoundApi
{
    public static IEndpointRouteBuilder MapNotFound(this IEndpointRouteBuilder app)
    {
        // "{**path}" rather than MapFallback's default, which skips paths that look like files (/x.txt).
        app.MapFallback("{**path}", (HttpContext context) => NotFound.Result(context)).ExcludeFromDescription();
        return app;
    }
}
