using System.Net;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Http;

/// <summary>The original's app-wide headers on every kind of response of the real host.</summary>
public sealed class ServiceHeadersEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    private const string DefaultCsp = "default-src 'self'; object-src 'none'; media-src *; img-src *; style-src *; frame-ancestors 'self'";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static void AssertServiceHeaders(HttpResponseMessage response)
    {
        string Header(string name) => response.Headers.TryGetValues(name, out var values)
            ? string.Join(",", values)
            : throw new Xunit.Sdk.XunitException($"missing header {name} on {(int)response.StatusCode}");

        Assert.Equal("*", Header("access-control-allow-origin"));
        Assert.Equal("accept, x-requested-with, content-type, last-event-id", Header("access-control-allow-headers"));
        Assert.Equal("etag, EventStreams-Resume, EventStreams-Resume-Detail", Header("access-control-expose-headers"));
        Assert.Equal("1; mode=block", Header("x-xss-protection"));
        Assert.Equal("nosniff", Header("x-content-type-options"));
        Assert.Equal("SAMEORIGIN", Header("x-frame-options"));
        Assert.Equal(DefaultCsp, Header("content-security-policy"));
        Assert.Equal(DefaultCsp, Header("x-content-security-policy"));
        Assert.Equal(DefaultCsp, Header("x-webkit-csp"));
        Assert.False(response.Headers.Contains("Server"));
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private static HttpRequestMessage Get(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip, deflate, br");
        return request;
    }

    [Fact]
    public async Task Stream_Response_CarriesHeadersAndIsNotCompressed()
    {
        using var cts = new CancellationTokenSource(Deadline);
        using var response = await host.Http.SendAsync(Get("/v2/stream/beta.only"), HttpCompletionOption.ResponseHeadersRead, cts.Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertServiceHeaders(response);
    }

    [Fact]
    public async Task Stream_ErrorResponse_CarriesHeaders()
    {
        using var response = await host.Http.SendAsync(Get("/v2/stream/nope"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertServiceHeaders(response);
    }

    [Fact]
    public async Task UnknownPath_404_CarriesHeaders()
    {
        using var response = await host.Http.SendAsync(Get("/no/such/path"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        AssertServiceHeaders(response);
    }
}
