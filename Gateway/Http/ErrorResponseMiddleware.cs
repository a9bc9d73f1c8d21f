
namespace EventStreams.Gateway.Http;

/// <summary>
/// The last line of defence: an exception no handler caught becomes a 500 in the service's error
/// shape ({"status","type":"internal_error",…}), as the original's error handler did, logged with
/// its stack trace for the operator but never shown to the client. A response already started
/// (a stream) cannot change its status; it is aborted instead.
/// </summary>
internal sealed class ErrorResponseMiddleware(RequestDelegate next, ILogger<ErrorResponseMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            logger.LogError(e, "Unhandled error on {Method} {Path}", context.Request.Method, context.Request.Path);
            if (context.Response.HasStarted)
            {
                context.Abort();
                return;
            }
            context.Response.Clear();
            await ErrorBody.Result(context, StatusCodes.Status500InternalServerError, "internal_error", "Internal Server Error",
                "The service could not handle this request.").ExecuteAsync(context);
        }
    }
}
