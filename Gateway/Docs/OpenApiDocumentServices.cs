using EventStreams.Gateway.Http;
using Microsoft.OpenApi;

namespace EventStreams.Gateway.Docs;

public static class OpenApiDocumentServices
{
    /// <summary>
    /// Swashbuckle's generator, set up to describe the stream API from the stream catalog alone
    /// (<see cref="StreamPathsDocumentFilter"/>). Endpoints are not described from their handlers:
    /// the catalog, not the handler's signature, says which streams exist.
    /// </summary>
    public static IServiceCollection AddOpenApiDocument(this IServiceCollection services)
    {
        services.AddSingleton<OpenApiDocumentCache>();
        // Swashbuckle's generator needs the API explorer, even though no endpoint is described from it.
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc(OpenApiDocumentCache.DocumentName, new OpenApiInfo
            {
                Title = "Wikimedia EventStreams",
                Version = ServiceInfo.Version,
                Description = ServiceInfo.Description + ". Events of Kafka topics as Server-Sent Events; "
                    + "resume with Last-Event-ID, or start from a time with since.",
                TermsOfService = new Uri("https://wikimediafoundation.org/wiki/Terms_of_Use"),
                License = new OpenApiLicense { Name = "Apache2", Url = new Uri("http://www.apache.org/licenses/LICENSE-2.0") },
            });
            o.DocInclusionPredicate((_, _) => false);
            o.DocumentFilter<StreamPathsDocumentFilter>();
        });
        return services;
    }
}
