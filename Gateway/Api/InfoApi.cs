using System.Text.Json.Serialization;
using EventStreams.Gateway.Http;

namespace EventStreams.Gateway.Api;

/// <summary>/_info and its parts, as the original's info router answers them.</summary>
public static class InfoApi
{
    public static IEndpointRouteBuilder MapInfoApi(this IEndpointRouteBuilder app)
    {
        // Endpoint routing treats "/_info/" as "/_info", so one route serves both.
        var info = app.MapGroup("/_info").WithTags("info").ExcludeFromDescription();
        info.MapGet("/", () => TypedResults.Json(new Info(ServiceInfo.Name, ServiceInfo.Version, ServiceInfo.Description, ServiceInfo.Home)));
        info.MapGet("/name", () => TypedResults.Json(new NameOnly(ServiceInfo.Name)));
        info.MapGet("/version", () => TypedResults.Json(new VersionOnly(ServiceInfo.Version)));
        // The original answers every method here ("ALL /_info/home").
        info.Map("/home", () => TypedResults.Redirect(ServiceInfo.Home, permanent: true));
        return app;
    }

    internal sealed record Info(
        [property: JsonPropertyName("name")] string Name,
        [property: JsonPropertyName("version")] string Version,
        [property: JsonPropertyName("description")] string Description,
        [property: JsonPropertyName("home")] string Home);

    internal sealed record NameOnly([property: JsonPropertyName("name")] string Name);

    internal sealed record VersionOnly([property: JsonPropertyName("version")] string Version);
}
