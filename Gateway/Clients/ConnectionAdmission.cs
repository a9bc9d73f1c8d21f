using EventStreams.Gateway.Http;
using EventStreams.Gateway.Telemetry;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Clients;

/// <summary>
/// The original's first two checks on a stream request: with a per-IP limit configured,
/// X-Client-IP is required (400) and the IP may not exceed the limit (429). The IP is the
/// canonical address <see cref="ClientIp"/> reads from the header, so no other spelling of an
/// address, and no list around it, gets a second set of slots; a value that is not one address is
/// refused (400).
/// </summary>
internal sealed class ConnectionAdmission(
    ClientSlots slots,
    IOptions<ConnectionLimitOptions> options,
    ILogger<ConnectionAdmission> logger)
{
    private readonly int? _limit = options.Value.ConnectionLimitPerIp;

    /// <summary>
    /// Whether the request may go on. When it may and a limit is configured, the caller owns the
    /// admission's lease and disposes it when the connection ends, whichever way it ends.
    /// </summary>
    public async Task<Admission> AdmitAsync(HttpContext context)
    {
        if (_limit is not { } limit)
        {
            return Admission.Unlimited; // nothing is counted, so no cluster call per connection
        }
        var header = ClientIp.Read(context.Request);
        if (header.Refused is { } refused)
        {
            return Admission.Refuse(ErrorBody.Result(context, StatusCodes.Status400BadRequest, "bad_request", "Invalid X-Client-IP Header",
                $"X-Client-IP must end with one IP address (such as 203.0.113.7 or 2001:db8::7), without a port, brackets or zone: got '{refused}'"));
        }
        if (header.Address is not { } clientIp)
        {
            return Admission.Refuse(ErrorBody.Result(context, StatusCodes.Status400BadRequest, "bad_request",
                "Missing Required X-Client-IP Header", "X-Client-IP is a required request header"));
        }
        ConnectionLease? lease;
        try
        {
            lease = await slots.TryAcquireAsync(clientIp);
        }
        catch (Exception e)
        {
            logger.LogWarning("Could not count the connections of client IP {ClientIp}: {Error}", clientIp, e.Message);
            return Admission.Refuse(StreamErrors.ClusterUnavailable(context));
        }
        if (lease is null)
        {
            logger.LogInformation("Refused a connection from client IP {ClientIp}: {Limit} connections already open", clientIp, limit);
            GatewayMetrics.ConnectionLimitRefusals.Inc();
            return Admission.Refuse(ErrorBody.Result(context, StatusCodes.Status429TooManyRequests, "too_many_requests",
                "Too Many Concurrent Connections From Your Client IP", "Your HTTP client is likely opening too many concurrent connections."));
        }
        return Admission.Admit(lease);
    }
}
