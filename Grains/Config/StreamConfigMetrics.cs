using Prometheus;

namespace EventStreams.Grains.Config;

/// <summary>Prometheus metrics of stream configuration loading (on the silo that hosts StreamConfigGrain).</summary>
public static class StreamConfigMetrics
{
    public static readonly Counter LoadFailures = Metrics.CreateCounter(
        "eventstreams_stream_config_reload_failures_total",
        "Loads of the stream configuration that failed (at start or on reload); the last good configuration stays in use.");

    public static readonly Gauge LastSuccess = Metrics.CreateGauge(
        "eventstreams_stream_config_last_success_timestamp_seconds",
        "Unix time of the last successful load of the stream configuration.");

    public static readonly Gauge Version = Metrics.CreateGauge(
        "eventstreams_stream_config_version",
        "Version of the stream configuration in use; it changes only when the content does.");

    public static readonly Gauge Streams = Metrics.CreateGauge(
        "eventstreams_stream_config_streams",
        "Streams a client can request, aliases included.");

    public static readonly Counter SchemaFetchFailures = Metrics.CreateCounter(
        "eventstreams_stream_config_schema_fetch_failures_total",
        "Stream schemas that could not be fetched from any location.");
}
