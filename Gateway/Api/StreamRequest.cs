using EventStreams.Gateway.Config;
using EventStreams.Gateway.Filtering;
using EventStreams.Gateway.Http;
using EventStreams.Grains.Interfaces.Config;

namespace EventStreams.Gateway.Api;

/// <summary>
/// What a stream request asks for, validated in the original's order after admission: the stream
/// names, then <c>since</c>, then Last-Event-ID (its presence is enough: an empty header is a JSON error),
/// then the filter (<see cref="FilterParser"/>; the original had none).
/// </summary>
internal sealed record StreamRequest(string[] Names, StreamDefinition[] Streams, long? Since, RequestedAssignment[]? LastEventId, EventFilter? Filter)
{
    public const string LastEventIdHeader = "Last-Event-ID";

    public static bool TryRead(HttpContext context, string[] names, StreamIndex catalog, out StreamRequest request, out IResult? error)
    {
        request = null!;
        var unknown = names.Where(n => !catalog.TryGet(n, out _)).ToArray();
        if (unknown.Length > 0)
        {
            // The original answers 400 with type not_found here; clients depend on it.
            error = ErrorBody.Result(context, StatusCodes.Status400BadRequest, "not_found", "Stream Not Found",
                $"Invalid streams: {string.Join(",", unknown)}");
            return false;
        }
        var sinceRaw = context.Request.Query["since"].ToString();
        if (!Api.Since.TryParse(sinceRaw, out var since))
        {
            error = ErrorBody.Result(context, StatusCodes.Status400BadRequest, "invalid_timestamp", "Invalid timestamp",
                $"since timestamp is not a UTC milliseconds unix epoch and was not parseable: '{sinceRaw}'");
            return false;
        }
        RequestedAssignment[]? lastEventId = null;
        if (context.Request.Headers.TryGetValue(LastEventIdHeader, out var header)
            && !Api.LastEventId.TryParse(header.ToString(), out lastEventId, out error))
        {
            return false;
        }
        var query = context.Request.Query;
        if (!FilterParser.TryParse(query[FilterParser.WhereParameter], query[FilterParser.CanaryParameter], out var filter, out var filterError))
        {
            error = ErrorBody.Result(context, StatusCodes.Status400BadRequest, "invalid_filter", "Invalid Filter", filterError!);
            return false;
        }
        StreamDefinition[] streams = [.. names.Select(n => { catalog.TryGet(n, out var s); return s!; })];
        request = new StreamRequest(names, streams, since, lastEventId, filter);
        error = null;
        return true;
    }
}
