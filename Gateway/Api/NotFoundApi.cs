namespace EventStreams.Gateway.Api;

/// <summary>
/// Every path and method no other endpoint takes: a 404 in the service's JSON error shape.
/// The original let Express answer with an HTML page; clients of a JSON API are better served
/// by JSON (a documented difference).
/// </summary>
public static class NotFoundApi
{
    public static IEndpointRouteBuilder MapNotFound(this IEndpointRouteBuilder app)
    {
        // "{**path}" rather than MapFallback's default, which skips paths that look like files (/x.txt).
        app.MapFallback("{**path}", (HttpContext context) => Result(context)).ExcludeFromDescription();
        return app;
    }

    public static IResult Result(HttpContext context) =>
        ErrorBody.Result(context, StatusCodes.Status404NotFound, "not_found", "Not Found",
            $"Cannot {context.Request.Method} {context.Request.Path}");
}
