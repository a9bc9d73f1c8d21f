using System.Text.Json;
using EventStreams.Gateway.Http;

namespace EventStreams.Silo.Operators;

/// <summary>
/// The operators' page of our own grain statistics, beside the Orleans dashboard (and, like it,
/// only when Dashboard:Enabled is true and without authentication): an HTML page, its script and
/// style, and the JSON it polls.
/// </summary>
internal static class OperatorsApi
{
    public const string Path = SiloHost.DashboardPath + "/eventstreams";

    // Same-origin script, style and fetch, nothing inline and nothing else, whatever Http:Csp
    // allows for the rest of the service: the page needs no more.
    public const string Csp = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    public static IServiceCollection AddOperatorsApi(this IServiceCollection services) => services.AddSingleton<OperatorStats>();

    /// <summary>Map before the Orleans dashboard and the service's catch-all 404.</summary>
    public static IEndpointRouteBuilder MapOperatorsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(Path).ExcludeFromDescription();
        // "" also matches the path with a trailing slash; the page names its files by absolute path.
        group.MapGet("", (HttpContext context) => Asset(context, OperatorsAsset.Page));
        group.MapGet("/operators.js", (HttpContext context) => Asset(context, OperatorsAsset.Script));
        group.MapGet("/operators.css", (HttpContext context) => Asset(context, OperatorsAsset.Style));
        group.MapGet("/stats.json", async (OperatorStats stats, HttpContext context) =>
        {
            var snapshot = await stats.GetAsync(context.RequestAborted);
            context.Response.Headers.CacheControl = "no-store";
            return TypedResults.Json(snapshot, JsonOptions);
        });
        return app;
    }

    private static IResult Asset(HttpContext context, OperatorsAsset asset)
    {
        ContentSecurityPolicy.Set(context, Csp);
        context.Response.Headers.CacheControl = "no-cache";
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }
}
