using Prometheus;

namespace EventStreams.Gateway.Telemetry;

/// <summary>GET /metrics: Prometheus text format, on the service's own port (the original used a separate one).</summary>
public static class MetricsApi
{
    public const string Path = "/metrics";

    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        // Keep process metrics; leave out prometheus-net's bridges to .NET meters and event counters:
        // Orleans records a measurement per grain message, and listening to them all would cost on
        // the delivery path. Has effect only before the first scrape, which is why it is here.
        Metrics.SuppressDefaultMetrics(new SuppressDefaultMetricOptions
        {
            SuppressProcessMetrics = false,
            SuppressDebugMetrics = true,
            SuppressEventCounters = true,
            SuppressMeters = true,
        });
        // GET only: MapMetrics alone takes every method, and POST /metrics answered 200.
        app.MapMetrics(Path).WithMetadata(new HttpMethodMetadata([HttpMethods.Get])).ExcludeFromDescription();
        return app;
    }
}
