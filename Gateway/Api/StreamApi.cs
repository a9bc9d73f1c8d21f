using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Config;
using EventStreams.Gateway.Streaming;
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
        return app;
    }

    private static async Task<IResult> OpenStreamAsync(
        string streams,
        HttpContext context,
        StreamCatalogCache catalogCache,
        IGrainFactory grains,
        PartitionFeedRegistry feeds,
        IOptions<GatewayOptions> options,
        ConnectionAdmission admission,
        ILogger<StreamSession> logger)
    {
        // First, as in the original: X-Client-IP and the per-IP limit. The slot is released when the response ends.
        if (await admission.AdmitAsync(context) is { } refused)
        {
            return refused;
        }
        var catalog = await catalogCache.GetAsync();
        var names = streams.Split(',');
        var unknown = names.Where(n => !catalog.TryGet(n, out _)).ToArray();
        if (unknown.Length > 0)
        {
            // The original answers 400 with type not_found here; clients depend on it.
            return ErrorBody.Result(context, StatusCodes.Status400BadRequest, "not_found", "Stream Not Found",
                $"Invalid streams: {string.Join(",", unknown)}");
        }

        // Requested stream order, then each stream's topic order; an alias and its stream share topics.
        var topics = names.SelectMany(n => { catalog.TryGet(n, out var s); return s.Topics; }).Distinct(StringComparer.Ordinal).ToArray();
        var partitions = await grains.GetGrain<ITopicMetadataGrain>(0).GetPartitions(topics);
        var missing = partitions.Where(p => p.Partitions == 0).Select(p => p.Topic).ToArray();
        if (missing.Length == topics.Length)
        {
            return KafkaSseError.NoTopicsAvailable(topics);
        }
        if (missing.Length > 0)
        {
            return KafkaSseError.TopicsNotAvailable(missing, topics.Except(missing));
        }

        var assignment = partitions.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => (t.Topic, Partition: p))).ToArray();
        var acquired = await Task.WhenAll(assignment.Select(a => AcquireOrNullAsync(feeds, a.Topic, a.Partition, logger)));
        if (acquired.Any(f => f is null))
        {
            foreach (var feed in acquired.OfType<PartitionFeed>())
            {
                feeds.Release(feed);
            }
            return ErrorBody.Result(context, StatusCodes.Status503ServiceUnavailable, "kafka_unavailable", "Kafka Unavailable",
                "The stream could not be started because Kafka did not answer. Try again shortly.");
        }

        var (format, contentType) = StreamFormats.Negotiate(context.Request.Headers.Accept.Count > 0 ? context.Request.Headers.Accept.ToString() : null);
        var connection = new StreamConnection([.. acquired.OfType<PartitionFeed>()], format, options.Value.FlushThresholdBytes);
        return new StreamSession(connection, contentType, names, feeds, logger);
    }

    private static async Task<PartitionFeed?> AcquireOrNullAsync(PartitionFeedRegistry feeds, string topic, int partition, ILogger logger)
    {
        try
        {
            return await feeds.AcquireAsync(topic, partition);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Could not subscribe to {Topic}/{Partition}", topic, partition);
            return null;
        }
    }
}
