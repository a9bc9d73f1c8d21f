using System.Net;
using System.Text.Json.Nodes;

namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>The routes around the stream, against the real host: status, headers and body of each.</summary>
public sealed class HttpSurfaceEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    private const string Home = "https://wikitech.wikimedia.org/wiki/Event_Platform/EventStreams_HTTP_Service";
    private const string DocCsp = "default-src 'none'; script-src 'self' 'unsafe-inline'; connect-src *; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self';";

    private static HttpClient NoRedirects(SiloHostFixture host) =>
        new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"missing header {name}");

    [Theory]
    [InlineData("/_info")]
    [InlineData("/_info/")]
    public async Task Info_Get_ReturnsNameVersionDescriptionAndHome(string path)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal(
            $$"""{"name":"eventstreams","version":"0.9.0","description":"Streaming Wikimedia Events via HTTP SSE","home":"{{Home}}"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/_info/name", """{"name":"eventstreams"}""")]
    [InlineData("/_info/version", """{"version":"0.9.0"}""")]
    public async Task InfoPart_Get_ReturnsThatField(string path, string expected)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal(expected, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task InfoHome_AnyMethod_301ToTheHomePage(string method)
    {
        using var http = NoRedirects(host);
        using var response = await http.SendAsync(new HttpRequestMessage(new HttpMethod(method), "/_info/home"));

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal(Home, response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task RobotsTxt_Get_DisallowsEverything()
    {
        using var response = await host.Http.GetAsync("/robots.txt");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal("User-agent: *\nDisallow: /\n", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/?other=1")]
    public async Task Root_NoSpecOrDoc_303ToDocsWhenNoUi(string path)
    {
        using var http = NoRedirects(host);
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/?doc", response.Headers.Location!.OriginalString);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Rc_Get_301ToDocs()
    {
        using var http = NoRedirects(host);
        using var response = await http.GetAsync("/rc");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/?doc", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("GET", "/no/such/path")]
    [InlineData("GET", "/favicon.ico")]
    [InlineData("GET", "/v2/stream/")]
    [InlineData("POST", "/v2/stream/test")]
    [InlineData("DELETE", "/_info/name")]
    [InlineData("POST", "/metrics")]
    [InlineData("PUT", "/metrics")]
    [InlineData("DELETE", "/metrics")]
    [InlineData("POST", "/healthz")]
    [InlineData("PUT", "/healthz")]
    [InlineData("DELETE", "/healthz")]
    [InlineData("POST", "/readyz")]
    [InlineData("PATCH", "/readyz")]
    [InlineData("DELETE", "/readyz")]
    public async Task UnknownPathOrMethod_Any_404JsonInTheServiceErrorShape(string method, string path)
    {
        using var response = await host.Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", Header(response, "Content-Type"));
        Assert.Equal(
            $$"""{"status":404,"type":"not_found","title":"Not Found","detail":"Cannot {{method}} {{path}}","method":"{{method}}","uri":"{{path}}"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/metrics")]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task MetricsAndProbes_Head_404LikeEveryOtherRoute(string path)
    {
        using var response = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, path));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("/?spec")]
    [InlineData("/?spec=true")]
    public async Task Spec_Get_IsJsonThatListsEveryStreamWhereTheUiReadsIt(string path)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", Header(response, "Content-Type"));
        var spec = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.StartsWith("3.0.", spec["openapi"]!.GetValue<string>());
        Assert.Equal("Wikimedia EventStreams", spec["info"]!["title"]!.GetValue<string>());
        var names = spec["paths"]!["/v2/stream/{streams}"]!["get"]!["parameters"]![0]!["schema"]!["items"]!["enum"]!.AsArray()
            .Select(n => n!.GetValue<string>());
        Assert.Equal(["beta.only", "half.missing", "missing.topic", "test", "test.stream"], names);
    }

    [Fact]
    public async Task Doc_Get_ServesSwaggerUiFromTheServiceWithTheDocCsp()
    {
        using var response = await host.Http.GetAsync("/?doc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/html", Header(response, "Content-Type"));
        Assert.Equal(DocCsp, Header(response, "content-security-policy"));
        Assert.Equal(DocCsp, Header(response, "x-content-security-policy"));
        Assert.Equal(DocCsp, Header(response, "x-webkit-csp"));
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<title>Wikimedia EventStreams</title>", html);
        Assert.DoesNotContain("//cdn", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("src=\"/_doc/swagger-ui-bundle.js\"", html);
    }

    [Theory]
    [InlineData("/_doc/swagger-ui-bundle.js", "javascript")]
    [InlineData("/_doc/swagger-ui-standalone-preset.js", "javascript")]
    [InlineData("/_doc/swagger-ui.css", "text/css")]
    [InlineData("/_doc/index.css", "text/css")]
    public async Task DocAsset_Get_ServedFromTheService(string path, string contentType)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(contentType, Header(response, "Content-Type"));
        Assert.Equal(DocCsp, Header(response, "content-security-policy"));
        Assert.True((await response.Content.ReadAsByteArrayAsync()).Length > 100);
    }

    [Fact]
    public async Task DocScript_Get_LoadsSpecWithTheOriginalsUiOptions()
    {
        var script = await host.Http.GetStringAsync("/_doc/index.js");

        Assert.Contains("\"url\":\"/?spec\"", script);
        Assert.Contains("\"docExpansion\":\"none\"", script);
        Assert.Contains("\"defaultModelsExpandDepth\":-1", script);
        Assert.Contains("\"displayRequestDuration\":true", script);
    }

    [Fact]
    public async Task DocAsset_Missing_404Json()
    {
        using var response = await host.Http.GetAsync("/_doc/nope.js");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]!.GetValue<string>());
    }
}
