using Microsoft.Net.Http.Headers;

namespace EventStreams.Gateway.Ui;

/// <summary>
/// Where "/" (without ?spec or ?doc) sends a request: browsers to the UI when there is one;
/// other clients to the API docs, as before the UI was built in, unless an operator's UI
/// directory is served (then everyone goes to the UI, as in the original).
/// </summary>
internal static class RootRedirect
{
    public const string DocPath = "/?doc";

    public static string Target(UiOptions ui, HttpRequest request) =>
        ui.Available && (ui.UsesDirectory || IsBrowser(request)) ? UiApi.Path : DocPath;

    /// <summary>A browser's navigation asks for HTML; curl, scripts and monitoring do not.</summary>
    private static bool IsBrowser(HttpRequest request) =>
        request.GetTypedHeaders().Accept.Any(type => type.MediaType.Equals("text/html", StringComparison.OrdinalIgnoreCase));
}
