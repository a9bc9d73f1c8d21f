using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Telemetry;
using EventStreams.Gateway.Streaming;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http.Features;

namespace EventStreams.Gateway.Api;

/// <summary>
/// The 200 response of a stream: headers, then the connection's write loop until it ends.
/// It logs the original's "Connected:"/"Disconnected:" lines and keeps the connected-clients
/// gauge, each exactly once per connection. Of the request's headers only User-Agent, Referer
/// and X-Client-IP are ever logged (never cookies or credentials). It owns the opened stream
/// from here and disposes it (feeds, slot) when the response ends.
/// </summary>
internal sealed class StreamSession(
    OpenedStream stream,
    ConnectionRegistry connections,
    GatewayOptions options,
    ILogger<StreamSession> logger) : IResult
{
    public async Task ExecuteAsync(HttpContext context)
    {
        using (stream)
        {
            await RunAsync(context);
        }
    }

    private async Task RunAsync(HttpContext context)
    {
        var connection = stream.Connection;
        var streams = stream.Streams;
        var resume = stream.Resume;
        var request = context.Request;
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = stream.ContentType;
        response.Headers.CacheControl = "no-cache";
        resume.WriteHeaders(response.Headers);
        if (HttpProtocol.IsHttp11(request.Protocol) || HttpProtocol.IsHttp10(request.Protocol))
        {
            response.Headers.Connection = "keep-alive";
        }
        // Streams never end: no response buffering and no compression.
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // Behind the edge the socket's peer is a proxy; the client's address is in X-Client-IP, as in
        // production. The same reading as the per-IP limit's, so the log names the address it counted.
        var ip = ClientIp.ForLog(context);
        var userAgent = request.Headers.UserAgent.ToString();
        var referer = request.Headers.Referer.ToString();
        var streamList = string.Join(",", streams);
        logger.LogInformation("Connected: IP {ClientIp}, User-Agent: {UserAgent}, Referer: {Referer}, streams {Streams}",
            ip, userAgent, referer, streamList);
        if (!resume.IsExact)
        {
            logger.LogInformation("Resume of IP {ClientIp} on {Streams} is not exact: {Detail}", ip, streamList, resume.Detail);
        }
        // Streams never finish on their own. When the node shuts down, the drain ends them
        // (ConnectionDrain, spread over Gateway:Drain:Window), so shutdown does not wait out its
        // timeout and clients reconnect (with their Last-Event-ID) to another node.
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        var maxDuration = ConnectionDuration.Pick(options, Random.Shared);
        if (maxDuration > TimeSpan.Zero)
        {
            lifetime.CancelAfter(maxDuration);
        }
        // Bound what a client that stops reading can hold in the kernel (see Gateway:SocketSendBufferBytes).
        if (options.SocketSendBufferBytes > 0 && context.Features.Get<IConnectionSocketFeature>()?.Socket is { } socket)
        {
            socket.SendBufferSize = options.SocketSendBufferBytes;
        }
        connection.OnAbort(context.Abort);
        connection.Attach();
        connections.Add(connection);
        GatewayMetrics.Connected(streams);
        var end = StreamEnd.ClientGone;
        try
        {
            end = await connection.RunAsync(response.BodyWriter, lifetime.Token);
        }
        catch (Exception) when (connection.AbortedAsTooSlow)
        {
            // Cut from outside while a write was waiting on the full socket.
            end = StreamEnd.TooSlow;
        }
        catch (OperationCanceledException) when (lifetime.IsCancellationRequested)
        {
            // Either the client left, or the connection reached its maximum age and ends cleanly.
        }
        finally
        {
            GatewayMetrics.Disconnected(streams);
            connections.Remove(connection);
            connection.Detach();
        }
        if (end == StreamEnd.TooSlow || connection.AbortedAsTooSlow)
        {
            GatewayMetrics.SlowClientDisconnects.Inc();
            logger.LogWarning("Disconnecting slow client: IP {ClientIp} fell more than the buffer behind on {Streams}, or behind for longer than allowed", ip, streamList);
            context.Abort();
        }
        else if (end == StreamEnd.Drained)
        {
            logger.LogDebug("Ending a stream of IP {ClientIp} on {Streams}: this node is draining", ip, streamList);
        }
        else if (end == StreamEnd.FeedReset)
        {
            logger.LogWarning("Ending a stream of IP {ClientIp} on {Streams} so that it resumes with its Last-Event-ID: a partition feed lost events it could not fill in",
                ip, streamList);
        }
        else if (end == StreamEnd.Error)
        {
            await response.BodyWriter.FlushAsync(CancellationToken.None);
        }
        logger.LogInformation("Disconnected: IP {ClientIp}, User-Agent: {UserAgent}, Referer: {Referer}, streams {Streams}, events {Events}",
            ip, userAgent, referer, streamList, connection.EventsWritten);
    }
}
