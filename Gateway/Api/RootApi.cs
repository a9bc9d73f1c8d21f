using EventStreams.Gateway.Docs;
using EventStreams.Gateway.Http;
using EventStreams.Gateway.Ui;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Api;

/// <summary>The original's root router: "/" (with ?spec, ?doc or a redirect), /robots.txt and /rc.</summary>
public static class RootApi
{
    public const string RobotsTxt = "User-agent: *\nDisallow: /\n";
    public const string DocPath = RootRedirect.DocPath;
    private const string JsonUtf8 = "application/json; charset=utf-8";

    public static IEndpointRouteBuilder MapRootApi(this IEndpointRouteBuilder app)
    {
        // Swagger UI answers from a branch of its own, reached only through the two endpoints below;
        // what it does not have is the service's JSON 404.
        var swaggerUi = app.CreateApplicationBuilder()
            .UseSwaggerUI(SwaggerUiPage.Configure)
            .Use((RequestDelegate _) => context => NotFound.Result(context).ExecuteAsync(context))
            .Build();

        // /?spec and /?doc are the path "/" with a query key present (any value), so one endpoint answers all three.
        app.MapGet("/", async (HttpContext context, OpenApiDocumentCache documents, IOptions<UiOptions> ui, CancellationToken cancellationToken) =>
        {
            var query = context.Request.Query;
            if (query.ContainsKey("spec"))
            {
                return TypedResults.Bytes(await documents.GetAsync(cancellationToken), JsonUtf8);
            }
            if (query.ContainsKey("doc"))
            {
                return new SwaggerUiResult(swaggerUi, SwaggerUiPage.IndexFile);
            }
            return (IResult)new SeeOtherResult(RootRedirect.Target(ui.Value, context.Request));
        }).ExcludeFromDescription();
        app.MapGet(SwaggerUiPage.AssetRoot + "/{**file}", (string? file) => new SwaggerUiResult(swaggerUi, file ?? ""))
            .ExcludeFromDescription();

        app.MapGet("/robots.txt", () => TypedResults.Text(RobotsTxt, "text/plain; charset=utf-8")).ExcludeFromDescription();
        // The RCStream service's old path.
        app.MapGet("/rc", () => TypedResults.Redirect(DocPath, permanent: true)).ExcludeFromDescription();
        return app;
    }

    /// <summary>Runs the Swagger UI branch for one of its files, under the docs' own CSP.</summary>
    private sealed class SwaggerUiResult(RequestDelegate swaggerUi, string file) : IResult
    {
        public Task ExecuteAsync(HttpContext context)
        {
            ContentSecurityPolicy.Set(context, ContentSecurityPolicy.Docs);
            context.Request.Path = $"{SwaggerUiPage.AssetRoot}/{file}";
            context.Request.QueryString = QueryString.Empty;
            return swaggerUi(context);
        }
    }
}
