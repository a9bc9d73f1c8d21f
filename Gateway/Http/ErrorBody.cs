using System.Text.Json.Serialization;

namespace EventStreams.Gateway.Http;

/// <summary>
/// The original service's error shape, keys in this order:
/// {"status","type","title","detail","method","uri"}. It is not application/problem+json.
/// </summary>
public sealed record ErrorBody(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("uri")] string Uri)
{
    public static IResult Result(HttpContext context, int status, string type, string title, string detail) =>
        TypedResults.Json(
            new ErrorBody(status, type, title, detail, context.Request.Method, context.Request.Path + context.Request.QueryString),
            statusCode: status);
}
