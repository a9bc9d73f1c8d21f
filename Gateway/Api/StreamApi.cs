using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Config;
using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Kafka;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Api;

/// <summary>GET /v2/stream/{streams}: the event stream itself.</summary>
public static class StreamApi
{
    public static IEndpointRouteBuilder MapStreamApi(this IEndpointRouteBuilder app)
    {
        var v2 = app.MapGroup("/v2").WithTags("streams");
        v2.MapGet("/stream/{streams}", OpenStreamAsync)
            .WithName("stream")
            .WithSummary("Server-Sent Events (or NDJSON) of one or more comma-separated streams.");
        v2.MapMethods("/stream/{streams}", [HttpMethods.Options], Preflight).ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// A CORS preflight: a browser asks before a cross-origin GET that sends Last-Event-ID (fetch-based
    /// SSE clients do). 204 with the CORS headers (the service headers add origin, allowed and exposed
    /// headers); nothing is checked or counted, the GET that follows is. With Http:Cors=false the
    /// service does no CORS, and OPTIONS is an unknown method like any other (the JSON 404).
    /// </summary>
    private static IResult Preflight(HttpContext context, IOptions<HttpHeadersOptions> headers)
    {
        if (!headers.Value.CorsEnabled)
        {
            return NotFoundApi.Result(context);
        }
        context.Response.Headers.AccessControlAllowMethods = CorsHeaders.AllowMethods;
        context.Response.Headers.AccessControlMaxAge = CorsHeaders.PreflightMaxAgeSeconds;
        return TypedResults.NoContent();
    }

    private static async Task<IResult> OpenStreamAsync(
        string streams,
        HttpContext context,
        StreamCatalogCache catalogCache,
        IGrainFactory grains,
        PartitionFeedRegistry feeds,
        ConnectionRegistry connections,
        IHistorySource history,
        StartResolver startResolver,
        IOptions<GatewayOptions> options,
        ConnectionAdmission admission,
        ClusterConnection cluster,
        TimeProvider time,
        ILogger<StreamSession> logger)
    {
        if (!cluster.IsConnected)
        {
            return ClusterUnavailable(context);
        }
        // The checks run in the original's order: X-Client-IP and the per-IP limit (the slot is
        // released when the response ends), stream names, since, then Last-Event-ID.
        if (await admission.AdmitAsync(context) is { } admissionRefused)
        {
            return admissionRefused;
        }
        var names = streams.Split(',');
        var catalog = await catalogCache.GetAsync(names);
        var unknown = names.Where(n => !catalog.TryGet(n, out _)).ToArray();
        if (unknown.Length > 0)
        {
            // The original answers 400 with type not_found here; clients depend on it.
            return ErrorBody.Result(context, StatusCodes.Status400BadRequest, "not_found", "Stream Not Found",
                $"Invalid streams: {string.Join(",", unknown)}");
        }
        var sinceRaw = context.Request.Query["since"].ToString();
        if (!Since.TryParse(sinceRaw, out var since))
        {
            return ErrorBody.Result(context, StatusCodes.Status400BadRequest, "invalid_timestamp", "Invalid timestamp",
                $"since timestamp is not a UTC milliseconds unix epoch and was not parseable: '{sinceRaw}'");
        }
        RequestedAssignment[]? lastEventId = null;
        // Presence is enough, as in the original: an empty header is a JSON error.
        if (context.Request.Headers.TryGetValue("Last-Event-ID", out var header)
            && !LastEventId.TryParse(header.ToString(), out lastEventId, out var invalid))
        {
            return invalid!;
        }

        StreamDefinition[] requested = [.. names.Select(n => { catalog.TryGet(n, out var s); return s; })];
        var metadata = grains.GetGrain<ITopicMetadataGrain>(0);
        PlannedPartition[] plan;
        try
        {
            (plan, var refused) = await AssignmentPlanner.PlanAsync(requested, lastEventId, since, metadata.GetPartitions);
            if (refused is not null)
            {
                return refused;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not read Kafka metadata for a stream of {Streams}", streams);
            return KafkaUnavailable(context);
        }

        var acquiring = plan.Select(p => feeds.AcquireAsync(p.Topic, p.Partition)).ToArray();
        try
        {
            var acquired = await Task.WhenAll(acquiring);
            var starts = await Task.WhenAll(plan.Select((p, i) => p.Start is { } start
                ? startResolver.ResolveAsync(acquired[i], start)
                : Task.FromResult(new ResolvedStart(-1))));
            var partitions = plan.Select((p, i) => new ConnectionPartition(acquired[i], p.InitialId switch
            {
                InitialIdKind.Echo => p.EchoJson!,
                InitialIdKind.Resolved => IdEntries.Resolved(p.Topic, p.Partition, starts[i].Offset),
                _ => null, // live: the feed's position when the connection joins it
            }, p.Start is null ? null : starts[i].Offset)).ToArray();
            var resume = new ResumeReport(plan.Any(p => p.Start is not null),
                [.. plan.Select((p, i) => starts[i].Inexact is { } why ? $"{p.Topic}/{p.Partition}={why}" : null).OfType<string>()]);

            var (format, contentType) = StreamFormats.Negotiate(context.Request.Headers.Accept.Count > 0 ? context.Request.Headers.Accept.ToString() : null);
            var connection = new StreamConnection(partitions, format, options.Value.FlushThresholdBytes, history, time) { Notice = resume.Comment };
            return new StreamSession(connection, contentType, names, resume, feeds, connections, ConnectionDuration.Pick(options.Value, Random.Shared), options.Value.SocketSendBufferBytes, logger);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Could not start a stream of {Streams}", streams);
            foreach (var feed in acquiring.Where(t => t.IsCompletedSuccessfully))
            {
                feeds.Release(feed.Result);
            }
            return KafkaUnavailable(context);
        }
    }

    internal static IResult ClusterUnavailable(HttpContext context) =>
        ErrorBody.Result(context, StatusCodes.Status503ServiceUnavailable, "cluster_unavailable", "Cluster Unavailable",
            "The stream could not be started because no silo of the cluster answered. Try again shortly.");

    private static IResult KafkaUnavailable(HttpContext context) =>
        ErrorBody.Result(context, StatusCodes.Status503ServiceUnavailable, "kafka_unavailable", "Kafka Unavailable",
            "The stream could not be started because Kafka did not answer. Try again shortly.");
}
