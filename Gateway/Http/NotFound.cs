namespace EventStreams.Gateway.Http;

/// <summary>
/// The 404 in the service's JSON error shape, for every path and method nothing else takes.
/// The original let Express answer with an HTML page; clients of a JSON API are better served
/// by JSON (a documented difference).
/// </summary>
public static class NotFound
{
    public static IResult Result(HttpContext context) =>
        ErrorBody.Result(context, StatusCodes.Status404NotFound, "not_found", "Not Found",
            $"Cannot {context.Request.Method} {context.Request.Path}");
}
