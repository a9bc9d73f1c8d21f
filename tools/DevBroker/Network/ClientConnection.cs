using System.Buffers;
using System.Buffers.Binary;
using System.Net.Sockets;
using EventStreams.DevBroker.Apis;
using EventStreams.DevBroker.Protocol;
using Microsoft.Extensions.Logging;

namespace EventStreams.DevBroker.Network;

/// <summary>
/// One client socket. Requests are handled strictly one after another, like a Kafka broker
/// that mutes a connection until its current response is sent, so responses stay in order.
/// </summary>
internal sealed class ClientConnection(Socket socket, ApiCatalog apis, ILogger logger)
{
    /// <summary>Same ceiling as Kafka's socket.request.max.bytes default.</summary>
    private const int MaxRequestBytes = 100 * 1024 * 1024;

    /// <summary>api key + api version + correlation id + client id length.</summary>
    private const int MinRequestBytes = 10;

    private const int SizePrefixBytes = 4;

    public string RemoteEndPoint { get; } = socket.RemoteEndPoint?.ToString() ?? "unknown";

    public async Task RunAsync(CancellationToken ct)
    {
        await using var stream = new NetworkStream(socket, ownsSocket: true);
        using var response = new KafkaWriter();
        var sizeBuffer = new byte[SizePrefixBytes];
        try
        {
            while (!ct.IsCancellationRequested)
            {
                if (!await TryReadExactlyAsync(stream, sizeBuffer, ct).ConfigureAwait(false))
                {
                    return; // the client closed the connection between requests
                }

                var size = BinaryPrimitives.ReadInt32BigEndian(sizeBuffer);
                if (size is < MinRequestBytes or > MaxRequestBytes)
                {
                    logger.LogWarning("Closing {Remote}: request size {Size} is out of range", RemoteEndPoint, size);
                    return;
                }

                var frame = ArrayPool<byte>.Shared.Rent(size);
                try
                {
                    await stream.ReadExactlyAsync(frame.AsMemory(0, size), ct).ConfigureAwait(false);
                    if (!await HandleAsync(stream, frame.AsMemory(0, size), response, ct).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                finally
                {
                    ArrayPool<byte>.Shared.Return(frame);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or EndOfStreamException)
        {
            logger.LogDebug("Connection {Remote} ended: {Reason}", RemoteEndPoint, ex.Message);
        }
        catch (ProtocolException ex)
        {
            logger.LogWarning("Closing {Remote}: malformed request: {Reason}", RemoteEndPoint, ex.Message);
        }
        catch (Exception ex)
        {
            // A handler bug must cost one connection, never the broker.
            logger.LogError(ex, "Closing {Remote}: request handling failed", RemoteEndPoint);
        }
    }

    /// <summary>Handles one request; returns false when the connection must be closed.</summary>
    private async Task<bool> HandleAsync(NetworkStream stream, ReadOnlyMemory<byte> frame, KafkaWriter response, CancellationToken ct)
    {
        var header = RequestHeader.Parse(frame.Span, apis.IsFlexibleRequest);
        var handler = apis.Find(header.ApiKey);
        if (handler is null || !handler.Supports(header.ApiVersion))
        {
            // Only advertised APIs are sent by well-behaved clients; anything else means the
            // client ignored ApiVersions, and closing is what Kafka does for unknown keys.
            logger.LogWarning(
                "Closing {Remote}: unsupported API {ApiKey} v{Version} from client {ClientId}",
                RemoteEndPoint, (short)header.ApiKey, header.ApiVersion, header.ClientId);
            return false;
        }

        response.Reset();
        response.WriteInt32(header.CorrelationId);
        if (handler.UsesFlexibleResponseHeader(header.ApiVersion))
        {
            response.WriteUnsignedVarInt(0); // response header v1: no tagged fields
        }

        var body = frame[header.BodyOffset..];
        if (await handler.HandleAsync(header, body, response, ct).ConfigureAwait(false))
        {
            await stream.WriteAsync(response.GetFrame(), ct).ConfigureAwait(false);
        }

        return true;
    }

    private static async ValueTask<bool> TryReadExactlyAsync(NetworkStream stream, byte[] buffer, CancellationToken ct)
    {
        var read = await stream.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, ct).ConfigureAwait(false);
        if (read == 0)
        {
            return false;
        }

        if (read < buffer.Length)
        {
            throw new EndOfStreamException("Connection closed inside a size prefix.");
        }

        return true;
    }
}
