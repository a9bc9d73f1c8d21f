using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace EventStreams.EndToEnd.Tests.Docs;

/// <summary>/?spec of the real host, read back with Microsoft.OpenApi's reader as the validator.</summary>
public sealed class OpenApiDocumentEndToEndTests(SchemaHostFixture host) : IClassFixture<SchemaHostFixture>
{
    private async Task<(OpenApiDocument Document, OpenApiDiagnostic Diagnostic, JsonNode Json)> ReadSpecAsync()
    {
        var text = await host.Http.GetStringAsync("/?spec");
        var result = OpenApiDocument.Parse(text, "json");
        return (result.Document!, result.Diagnostic!, JsonNode.Parse(text)!);
    }

    [Fact]
    public async Task Spec_ReadWithOpenApiReader_IsValidOpenApi3WithNoErrors()
    {
        var (document, diagnostic, _) = await ReadSpecAsync();

        Assert.Empty(diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.Empty(document.Validate(ValidationRuleSet.GetDefaultRuleSet())?.Select(e => $"{e.Pointer}: {e.Message}") ?? []);
        Assert.Equal("Wikimedia EventStreams", document.Info.Title);
        Assert.Equal("0.9.0", document.Info.Version);
        Assert.Equal("Apache2", document.Info.License!.Name);
        Assert.Equal("https://wikitech.wikimedia.org/wiki/Event_Platform/EventStreams_HTTP_Service", document.ExternalDocs!.Url!.ToString());
    }

    [Fact]
    public async Task Spec_StreamsPath_ListsEveryNameWithAliasesTheHeaderSinceAndTheFilter()
    {
        var (document, _, json) = await ReadSpecAsync();

        var get = document.Paths["/v2/stream/{streams}"].Operations![HttpMethod.Get];
        Assert.Equal(["streams", "Last-Event-ID", "since", "where", "canary"], get.Parameters!.Select(p => p.Name));
        Assert.Equal([ParameterLocation.Path, ParameterLocation.Header, ParameterLocation.Query, ParameterLocation.Query, ParameterLocation.Query], get.Parameters!.Select(p => p.In!.Value));
        // Exactly where the original UI reads the stream list.
        var names = json["paths"]!["/v2/stream/{streams}"]!["get"]!["parameters"]![0]!["schema"]!["items"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>());
        Assert.Equal(["mediawiki.page-create", "no-schema", "page-create"], names);
        Assert.Equal(["application/json", "text/event-stream"], get.Responses!["200"].Content!.Keys.Order());
        Assert.Equal(["streams"], get.Tags!.Select(t => t.Name));
    }

    [Theory]
    [InlineData("page-create", "Pages that were created.\n\nSchema title: mediawiki/page/create")]
    [InlineData("mediawiki.page-create", "Pages that were created.\n\n(NOTE: This stream is an alias of page-create)\n\nSchema title: mediawiki/page/create")]
    public async Task Spec_StreamWithSchema_HasItsOwnPathWithSchemaAndExample(string stream, string description)
    {
        var (document, _, json) = await ReadSpecAsync();

        var get = document.Paths[$"/v2/stream/{stream}"].Operations![HttpMethod.Get];
        Assert.Equal($"{stream} events", get.Summary);
        Assert.Equal(description, get.Description);
        Assert.Equal(["Last-Event-ID", "since", "where", "canary"], get.Parameters!.Select(p => p.Name));
        foreach (var type in new[] { "application/json", "text/event-stream" })
        {
            var content = get.Responses!["200"].Content![type];
            Assert.Equal("mediawiki/page/create", content.Schema!.Title);
            Assert.Contains("page_title", content.Schema.Properties!.Keys);
            Assert.Equal("Main_Page", content.Example!["page_title"]!.GetValue<string>());
            var raw = json["paths"]![$"/v2/stream/{stream}"]!["get"]!["responses"]!["200"]!["content"]![type]!["schema"]!.AsObject();
            Assert.False(raw.ContainsKey("$schema"));
            Assert.False(raw.ContainsKey("$id"));
            Assert.False(raw.ContainsKey("examples"));
        }
    }

    [Fact]
    public async Task Spec_StreamWithoutSchema_HasAPathWithGenericResponses()
    {
        var (document, _, _) = await ReadSpecAsync();

        var get = document.Paths["/v2/stream/no-schema"].Operations![HttpMethod.Get];
        Assert.Equal("no-schema events", get.Summary);
        Assert.Equal("no-schema events.", get.Description);
        Assert.Equal(JsonSchemaType.Object, get.Responses!["200"].Content!["application/json"].Schema!.Type);
        Assert.Equal(JsonSchemaType.String, get.Responses!["200"].Content!["text/event-stream"].Schema!.Type);
    }

    [Fact]
    public async Task Spec_TwoRequests_ServeTheSameBytes()
    {
        var first = await host.Http.GetByteArrayAsync("/?spec");
        var second = await host.Http.GetByteArrayAsync("/?spec");

        Assert.Equal(Encoding.UTF8.GetString(first), Encoding.UTF8.GetString(second));
    }

    [Fact]
    public async Task Stream_WithSchema_StillStreams()
    {
        using var response = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v2/stream/mediawiki.page-create"), HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
