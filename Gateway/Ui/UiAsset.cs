using Microsoft.Net.Http.Headers;

namespace EventStreams.Gateway.Ui;

/// <summary>One file of the built-in UI, held in memory with its content type and a strong ETag.</summary>
internal sealed record UiAsset(byte[] Content, string ContentType, EntityTagHeaderValue ETag)
{
    /// <summary>
    /// Browsers keep the files but ask again each time (answered 304 while the ETag matches): the
    /// files have no version in their names, and a new build must reach them at once.
    /// </summary>
    private const string CacheControl = "no-cache";

    public IResult ToResult(HttpContext context)
    {
        context.Response.Headers.CacheControl = CacheControl;
        // The file result answers If-None-Match with 304 itself.
        return TypedResults.Bytes(Content, ContentType, entityTag: ETag);
    }
}
