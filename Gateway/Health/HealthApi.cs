using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EventStreams.Gateway.Health;

/// <summary>
/// Kubernetes probes. /healthz (liveness) runs no check: it answers 200 while the process
/// serves HTTP. /readyz (readiness) runs every check tagged <see cref="ReadyTag"/>: the silo has
/// joined (single-machine host), the stream configuration is loaded, Kafka answers. Both answer
/// JSON naming each check; a failing readiness check makes it 503.
/// </summary>
public static class HealthApi
{
    public const string ReadyTag = "ready";
    public const string LivePath = "/healthz";
    public const string ReadyPath = "/readyz";

    /// <summary>A check that takes longer fails: a probe must answer well within Kubernetes' timeout (1 s by default is too tight for Kafka; set 5 s).</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(3);

    public static IHealthChecksBuilder AddGatewayHealthChecks(this IServiceCollection services) =>
        services.AddHealthChecks()
            .AddCheck<DrainingHealthCheck>("draining", tags: [ReadyTag])
            .AddCheck<StreamConfigHealthCheck>("stream_config", tags: [ReadyTag])
            .AddCheck<KafkaHealthCheck>("kafka", tags: [ReadyTag]);

    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        // GET only, as every other route: MapHealthChecks alone takes every method (POST /readyz answered 200).
        // Other methods fall through to the JSON 404.
        app.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteJsonAsync })
            .WithMetadata(GetOnly).ExcludeFromDescription();
        app.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteJsonAsync })
            .WithMetadata(GetOnly).ExcludeFromDescription();
        return app;
    }

    private static readonly HttpMethodMetadata GetOnly = new([HttpMethods.Get]);

    /// <summary>An exception as one line for a probe's body: no stack trace.</summary>
    internal static string Describe(Exception e) => e is TimeoutException ? $"no answer within {CheckTimeout.TotalSeconds:0} s" : e.Message;

    private static Task WriteJsonAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new HealthBody(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new CheckBody(e.Value.Status.ToString(), e.Value.Description)));
        return context.Response.WriteAsync(JsonSerializer.Serialize(body, HealthJson.Options), context.RequestAborted);
    }

    private sealed record HealthBody(string Status, Dictionary<string, CheckBody> Checks);

    private sealed record CheckBody(string Status, string? Description);

    private static class HealthJson
    {
        public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
    }
}
