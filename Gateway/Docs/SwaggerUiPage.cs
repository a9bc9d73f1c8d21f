using System.Text;
using Swashbuckle.AspNetCore.SwaggerUI;

namespace EventStreams.Gateway.Docs;

/// <summary>
/// Swagger UI as the service's API documentation (/?doc), from the assets Swashbuckle embeds
/// (nothing is loaded from a CDN), set up as the original's patched UI: it loads /?spec, with
/// operations collapsed, no model section, request durations shown and no online validator.
/// </summary>
internal static class SwaggerUiPage
{
    /// <summary>Where the UI's assets are served. The page itself is at /?doc, so its asset links must be absolute.</summary>
    public const string AssetRoot = "/_doc";

    public const string IndexFile = "index.html";

    // Swashbuckle's page links its assets relative to itself; this one links them under AssetRoot,
    // so the same page works at /?doc. index.js is Swashbuckle's: it starts the UI with the options below.
    private static readonly byte[] Index = Encoding.UTF8.GetBytes($$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
            <meta charset="UTF-8">
            <title>%(DocumentTitle)</title>
            <link rel="stylesheet" type="text/css" href="{{AssetRoot}}/swagger-ui.css">
            <link rel="stylesheet" type="text/css" href="{{AssetRoot}}/index.css">
            <link rel="icon" type="image/png" href="{{AssetRoot}}/favicon-32x32.png" sizes="32x32">
        </head>
        <body>
            <div id="swagger-ui"></div>
            <script src="{{AssetRoot}}/swagger-ui-bundle.js" charset="utf-8"></script>
            <script src="{{AssetRoot}}/swagger-ui-standalone-preset.js" charset="utf-8"></script>
            <script src="{{AssetRoot}}/index.js" charset="utf-8"></script>
        </body>
        </html>
        """);

    public static void Configure(SwaggerUIOptions options)
    {
        options.RoutePrefix = AssetRoot.TrimStart('/');
        options.DocumentTitle = "Wikimedia EventStreams";
        options.IndexStream = () => new MemoryStream(Index, writable: false);
        options.SwaggerEndpoint("/?spec", "Wikimedia EventStreams");
        options.DocExpansion(DocExpansion.None);
        options.DefaultModelsExpandDepth(-1);
        options.DisplayRequestDuration();
        options.ConfigObject.ValidatorUrl = null;
    }
}
