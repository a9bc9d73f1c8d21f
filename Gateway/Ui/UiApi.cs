using EventStreams.Gateway.Http;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Ui;

/// <summary>
/// GET /v2/ui/…: the stream UI's files, under the service's own CSP. The built-in stream explorer
/// (<see cref="BuiltInUi"/>), or an operator's directory instead when Ui:Directory is set.
/// </summary>
public static class UiApi
{
    public const string Path = "/v2/ui";

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapUiApi(this IEndpointRouteBuilder app)
    {
        var options = app.ServiceProvider.GetRequiredService<IOptions<UiOptions>>().Value;
        if (!options.Available)
        {
            return app; // /v2/ui is then an unknown path, and "/" sends browsers to the API docs.
        }
        // The built-in files are read here, at start-up: a build without them fails now, not on a request.
        Func<string, HttpContext, IResult> serve = options.UsesDirectory
            ? DirectoryFiles(new PhysicalFileProvider(System.IO.Path.GetFullPath(options.Directory!)))
            : BuiltInFiles(BuiltInUi.Files);
        // As the original's static mount: /v2/ui answers 301 to /v2/ui/, which serves index.html.
        // Routing matches "/v2/ui/" to the "/v2/ui" route too, so the slash is checked here.
        app.MapGet(Path, (HttpContext context) => context.Request.Path.Value!.EndsWith('/')
            ? serve(UiOptions.IndexFile, context)
            : TypedResults.Redirect(Path + "/", permanent: true)).ExcludeFromDescription();
        app.MapGet(Path + "/{**file}", (string file, HttpContext context) => serve(file, context)).ExcludeFromDescription();
        return app;
    }

    private static Func<string, HttpContext, IResult> BuiltInFiles(IReadOnlyDictionary<string, UiAsset> files) => (name, context) =>
        files.TryGetValue(name, out var asset) ? asset.ToResult(context) : NotFound.Result(context);

    // The provider refuses paths that leave the directory (.., absolute paths).
    private static Func<string, HttpContext, IResult> DirectoryFiles(PhysicalFileProvider files) => (name, context) =>
    {
        var info = files.GetFileInfo(name);
        if (!info.Exists || info.IsDirectory || info.PhysicalPath is null)
        {
            return NotFound.Result(context);
        }
        var contentType = ContentTypes.TryGetContentType(info.Name, out var type) ? type : "application/octet-stream";
        return TypedResults.PhysicalFile(info.PhysicalPath, contentType);
    };
}
