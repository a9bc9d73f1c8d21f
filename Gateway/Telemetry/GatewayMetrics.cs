using Prometheus;

namespace EventStreams.Gateway.Telemetry;

/// <summary>
/// Prometheus metrics of a gateway node (prometheus-net's process-wide default registry, served at
/// /metrics). Nothing here is touched per event: connections count in plain fields and add their
/// counts once per wake-up (see <see cref="StreamConnection"/>).
/// </summary>
public static class GatewayMetrics
{
    /// <summary>The original's gauge: +1 per requested stream when a client connects, −1 per stream when it leaves (exactly once; a name requested twice counts once).</summary>
    public static readonly Gauge ConnectedClients = Metrics.CreateGauge(
        "eventstreams_connected_clients",
        "Clients connected to a stream on this node (a client of several streams counts once for each).",
        "stream");

    /// <summary>
    /// The original's counter (T238658): one per connection, labelled with the requested names
    /// deduplicated, sorted and comma-joined. The original labelled the list as sent (sorted), so
    /// "s,s,s…" made a new series for every length a client cared to send; a name twice is one stream.
    /// </summary>
    public static readonly Counter ClientConnections = Metrics.CreateCounter(
        "eventstreams_client_connections_total",
        "Stream connections opened on this node, by the requested streams (deduplicated, sorted, comma-joined).",
        "streams");

    public static readonly Counter EventsDelivered = Metrics.CreateCounter(
        "eventstreams_events_delivered_total",
        "Events written to client connections on this node (one per event per connection).");

    public static readonly Counter BytesDelivered = Metrics.CreateCounter(
        "eventstreams_bytes_delivered_total",
        "Bytes flushed to client connections on this node (frames, comments and preambles).");

    public static readonly Counter FeedEvents = Metrics.CreateCounter(
        "eventstreams_feed_events_total",
        "Events appended to this node's partition feeds (once per event, whatever the number of connections).");

    public static readonly Counter FilterEvaluations = Metrics.CreateCounter(
        "eventstreams_filter_evaluations_total",
        "Filter evaluations on this node's feeds: each event appended while connections had filters, times the distinct filters of its feed.");

    public static readonly Counter SlowClientDisconnects = Metrics.CreateCounter(
        "eventstreams_slow_client_disconnects_total",
        "Connections closed because the client fell a whole feed buffer behind (it can resume with Last-Event-ID).");

    public static readonly Counter FeedGaps = Metrics.CreateCounter(
        "eventstreams_feed_gaps_total",
        "Gaps in a partition feed (its grain moved to another silo, or dropped this node), each filled from history before live events go on.");

    public static readonly Counter FeedGapEventsFilled = Metrics.CreateCounter(
        "eventstreams_feed_gap_events_filled_total",
        "Events read from history to fill feed gaps, so that open connections miss none.");

    public static readonly Counter FeedResets = Metrics.CreateCounter(
        "eventstreams_feed_resets_total",
        "Partition feeds reset because a gap could not be filled; their connections ended and resumed with Last-Event-ID.",
        "reason");

    public static readonly Counter FeedResubscriptions = Metrics.CreateCounter(
        "eventstreams_feed_resubscriptions_total",
        "Subscriptions to a partition's grain renewed early: it was silent (its silo died) or the cluster connection came back.",
        "reason");

    /// <summary>Streams refused with 429 because their client IP holds ClientLimits:ConnectionLimitPerIp already (alert on a surge: an edge that lost X-Client-IP).</summary>
    public static readonly Counter ConnectionLimitRefusals = Metrics.CreateCounter(
        "eventstreams_connection_limit_refusals_total",
        "Streams refused with 429: their client IP already held ClientLimits:ConnectionLimitPerIp connections.");

    /// <summary>Counts a new connection of <paramref name="streams"/> (as requested: a name given twice counts once).</summary>
    public static void Connected(IReadOnlyCollection<string> streams)
    {
        var distinct = Distinct(streams);
        ClientConnections.WithLabels(string.Join(",", distinct)).Inc();
        foreach (var stream in distinct)
        {
            ConnectedClients.WithLabels(stream).Inc();
        }
    }

    /// <summary>The end of a connection counted by <see cref="Connected"/>; call exactly once, with the same names.</summary>
    public static void Disconnected(IReadOnlyCollection<string> streams)
    {
        foreach (var stream in Distinct(streams))
        {
            ConnectedClients.WithLabels(stream).Dec();
        }
    }

    private static string[] Distinct(IReadOnlyCollection<string> streams) =>
        [.. streams.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
}
