namespace EventStreams.Gateway.Api;

/// <summary>
/// 303 See Other with a Location: what the original answers on "/". ASP.NET's redirect results
/// only produce 301, 302, 307 and 308.
/// </summary>
public sealed class SeeOtherResult(string location) : IResult, IStatusCodeHttpResult
{
    public string Location { get; } = location;

    public int? StatusCode => StatusCodes.Status303SeeOther;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
        httpContext.Response.Headers.Location = Location;
        return Task.CompletedTask;
    }
}
