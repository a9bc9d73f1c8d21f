using System.Text.Json.Nodes;
using EventStreams.Gateway.Config;
using EventStreams.Grains.Interfaces.Config;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace EventStreams.Gateway.Docs;

/// <summary>
/// Describes the stream API from the stream catalog, as the original's updateSpec did:
/// /v2/stream/{streams} with every requestable name (aliases included) in the streams
/// parameter's items.enum, which the original UI reads from exactly there, and one path per
/// stream with its description and, when fetched, its JSON schema as the response schema.
/// It reads the catalog this gateway holds (<see cref="OpenApiDocumentCache"/> loads it first).
/// </summary>
internal sealed class StreamPathsDocumentFilter(StreamCatalogCache catalogs, ILogger<StreamPathsDocumentFilter> logger) : IDocumentFilter
{
    public const string StreamsPath = Api.StreamApi.RouteTemplate;
    public const string Tag = "streams";

    private const string EventStreamType = "text/event-stream";
    private const string JsonType = "application/json";

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var catalog = catalogs.Current?.Catalog
            ?? throw new InvalidOperationException("The stream catalog must be loaded before the OpenAPI document is built.");
        document.ExternalDocs = new OpenApiExternalDocs { Description = "EventStreams documentation", Url = new Uri(Http.ServiceInfo.Home) };
        document.Tags = new HashSet<OpenApiTag> { new() { Name = Tag, Description = "Streams of events" } };
        document.Paths ??= [];
        document.Paths[StreamsPath] = PathItem(document, Operation(document, catalog.Streams, null));
        foreach (var stream in catalog.Streams)
        {
            document.Paths[Api.StreamApi.PathOf(stream.Name)] = PathItem(document, Operation(document, null, stream));
        }
    }

    private static OpenApiPathItem PathItem(OpenApiDocument document, OpenApiOperation get)
    {
        var item = new OpenApiPathItem();
        item.AddOperation(HttpMethod.Get, get);
        // The original marks its paths unmonitored for service-runner's spec-driven checks.
        item.Extensions = new Dictionary<string, IOpenApiExtension> { ["x-monitor"] = new JsonNodeExtension(JsonValue.Create(false)) };
        return item;
    }

    /// <param name="all">For /v2/stream/{streams}: every name, for the streams parameter's enum.</param>
    /// <param name="stream">For a stream's own path: the stream it describes.</param>
    private OpenApiOperation Operation(OpenApiDocument document, StreamDefinition[]? all, StreamDefinition? stream)
    {
        var parameters = new List<IOpenApiParameter>();
        if (all is not null)
        {
            parameters.Add(new OpenApiParameter
            {
                Name = "streams",
                In = ParameterLocation.Path,
                Required = true,
                Description = "Comma-separated names of the streams to subscribe to.",
                Style = ParameterStyle.Simple,
                Explode = false,
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Array,
                    Items = new OpenApiSchema
                    {
                        Type = JsonSchemaType.String,
                        Enum = [.. all.Select(s => (JsonNode)JsonValue.Create(s.Name)!)],
                    },
                },
            });
        }
        parameters.Add(new OpenApiParameter
        {
            Name = "Last-Event-ID",
            In = ParameterLocation.Header,
            Description = "The id of the last event received (the SSE id field): a JSON array of "
                + "{topic, partition, offset} or {topic, partition, timestamp}. The stream resumes after it.",
            Schema = new OpenApiSchema
            {
                Type = JsonSchemaType.Array,
                Items = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["topic"] = new OpenApiSchema { Type = JsonSchemaType.String },
                        ["partition"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["offset"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
                        ["timestamp"] = new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                },
            },
        });
        parameters.Add(new OpenApiParameter
        {
            Name = "since",
            In = ParameterLocation.Query,
            Description = "Start from this time instead of now: epoch milliseconds or an ISO-8601 date. Last-Event-ID wins over it.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String },
        });
        parameters.Add(new OpenApiParameter
        {
            Name = Filtering.FilterParser.WhereParameter,
            In = ParameterLocation.Query,
            Description = "Server-side filter; repeat it, every condition must hold (at most "
                + $"{Filtering.FilterParser.MaxConditions}). `path=v1|v2`: the field at the dotted path equals one of the values "
                + "(`*` at a value's start or end is a wildcard: `meta.domain=*.wikipedia.org`); `path!=v1|v2`: absent or none of them; "
                + "`path`: present; `!path`: absent. Strings compare by text, numbers by value, `true`/`false`/`null` as literals; "
                + "an array matches when one element does. Filtered-out events still advance the id; an id-only frame carries the "
                + "position at the heartbeat when events were skipped. Example: `where=wiki=enwiki&where=type=edit|new&where=bot!=true`.",
            Style = ParameterStyle.Form,
            Explode = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
        });
        parameters.Add(new OpenApiParameter
        {
            Name = Filtering.FilterParser.CanaryParameter,
            In = ParameterLocation.Query,
            Description = "Canary events (meta.domain = canary, hourly monitoring events): left out of filtered streams and kept in "
                + "unfiltered ones (as the original) unless this says otherwise.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("include")!, JsonValue.Create("exclude")!] },
        });

        var (schema, example) = stream is null ? (null, null) : ResponseSchema(document, stream);
        return new OpenApiOperation
        {
            Tags = new HashSet<OpenApiTagReference> { new(Tag, document) },
            Summary = stream is null ? "Streams of events over Server-Sent Events" : $"{stream.Name} events",
            Description = stream is null
                ? "Events of one or more streams, as Server-Sent Events (or newline-delimited JSON with Accept: application/json)."
                : stream.SchemaTitle is { } title ? $"{stream.Description}\n\nSchema title: {title}" : stream.Description,
            Parameters = parameters,
            Responses = new OpenApiResponses
            {
                ["200"] = new OpenApiResponse
                {
                    Description = "The stream: it never ends.",
                    Content = new Dictionary<string, IOpenApiMediaType>
                    {
                        [JsonType] = new OpenApiMediaType { Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.Object }, Example = example?.DeepClone() },
                        [EventStreamType] = new OpenApiMediaType { Schema = schema ?? new OpenApiSchema { Type = JsonSchemaType.String }, Example = example?.DeepClone() },
                    },
                },
            },
        };
    }

    /// <summary>The stream's JSON schema without $schema, $id and examples; the first example becomes the example.</summary>
    private (IOpenApiSchema? Schema, JsonNode? Example) ResponseSchema(OpenApiDocument document, StreamDefinition stream)
    {
        if (stream.SchemaJson is null || JsonNode.Parse(stream.SchemaJson) is not JsonObject json)
        {
            return (null, null);
        }
        var example = json["examples"] is JsonArray { Count: > 0 } examples ? examples[0]?.DeepClone() : null;
        json.Remove("$schema");
        json.Remove("$id");
        json.Remove("examples");
        // Event schemas are JSON Schema; OpenAPI 3.1 reads them as they are (the writer downgrades for 3.0).
        var schema = OpenApiModelFactory.Parse<OpenApiSchema>(json.ToJsonString(), OpenApiSpecVersion.OpenApi3_1, document, out var diagnostic, "json");
        if (schema is null || diagnostic?.Errors.Count > 0)
        {
            logger.LogWarning("The schema of stream {Stream} could not be read for the OpenAPI document; described without it: {Errors}",
                stream.Name, string.Join("; ", diagnostic?.Errors.Select(e => e.Message) ?? []));
            return (null, example);
        }
        return (schema, example);
    }
}
