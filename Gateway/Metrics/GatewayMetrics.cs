using Prometheus;

namespace EventStreams.Gateway.Metrics;

/// <summary>
/// Prometheus metrics of a gateway node (prometheus-net's process-wide default registry, served at
/// /metrics). Nothing here is touched per event: connections count in plain fields and add their
/// counts once per wake-up (see <see cref="StreamConnection"/>).
/// </summary>
public static class GatewayMetrics
{
    /// <summary>The original's gauge: +1 per requested stream when a client connects, −1 per stream when it leaves (exactly once).</summary>
    public static readonly Gauge ConnectedClients = Prometheus.Metrics.CreateGauge(
        "eventstreams_connected_clients",
        "Clients connected to a stream on this node (a client of several streams counts once for each).",
        "stream");

    /// <summary>The original's counter (T238658): one per connection, labelled with the requested names sorted and comma-joined.</summary>
    public static readonly Counter ClientConnections = Prometheus.Metrics.CreateCounter(
        "eventstreams_client_connections_total",
        "Stream connections opened on this node, by the requested streams (sorted, comma-joined).",
        "streams");

    public static readonly Counter EventsDelivered = Prometheus.Metrics.CreateCounter(
        "eventstreams_events_delivered_total",
        "Events written to client connections on this node (one per event per connection).");

    public static readonly Counter BytesDelivered = Prometheus.Metrics.CreateCounter(
        "eventstreams_bytes_delivered_total",
        "Bytes flushed to client connections on this node (frames, comments and preambles).");

    public static readonly Counter SlowClientDisconnects = Prometheus.Metrics.CreateCounter(
        "eventstreams_slow_client_disconnects_total",
        "Connections closed because the client fell a whole feed buffer behind (it can resume with Last-Event-ID).");

    /// <summary>Counts a new connection of <paramref name="streams"/> (as requested, duplicates included).</summary>
    public static void Connected(IReadOnlyCollection<string> streams)
    {
        ClientConnections.WithLabels(string.Join(",", streams.Order(StringComparer.Ordinal))).Inc();
        foreach (var stream in streams)
        {
            ConnectedClients.WithLabels(stream).Inc();
        }
    }

    /// <summary>The end of a connection counted by <see cref="Connected"/>; call exactly once.</summary>
    public static void Disconnected(IReadOnlyCollection<string> streams)
    {
        foreach (var stream in streams)
        {
            ConnectedClients.WithLabels(stream).Dec();
        }
    }
}
