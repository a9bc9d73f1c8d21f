using EventStreams.Gateway.Health;
using EventStreams.Gateway.Telemetry;
using EventStreams.Gateway.Ui;

namespace EventStreams.Gateway.Api;

public static class ServiceApi
{
    /// <summary>
    /// The whole HTTP surface of a gateway node, identical in the single-machine host and in a
    /// standalone gateway: streams, /_info, "/" (spec, docs, redirect), robots.txt, /rc, the UI,
    /// /metrics, /healthz and /readyz, and a JSON 404 for everything else.
    /// </summary>
    public static IEndpointRouteBuilder MapEventStreamsApi(this IEndpointRouteBuilder app) =>
        app.MapStreamApi()
            .MapInfoApi()
            .MapRootApi()
            .MapUiApi()
            .MapMetricsApi()
            .MapHealthApi()
            .MapNotFound();

    /// <summary>A silo node without the gateway (Gateway:Enabled=false): probes and metrics, and the JSON 404.</summary>
    public static IEndpointRouteBuilder MapSiloNodeApi(this IEndpointRouteBuilder app) =>
        app.MapMetricsApi()
            .MapHealthApi()
            .MapNotFound();
}
