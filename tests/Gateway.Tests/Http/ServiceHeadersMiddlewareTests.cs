using EventStreams.Gateway.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Tests.Http;

public sealed class ServiceHeadersMiddlewareTests
{
    private static async Task<IHeaderDictionary> RunAsync(HttpHeadersOptions options, string? responseCsp = null)
    {
        var context = new DefaultHttpContext();
        var response = new StartingResponseFeature();
        context.Features.Set<IHttpResponseFeature>(response);
        var middleware = new ServiceHeadersMiddleware(c =>
        {
            // An endpoint that resets headers before the response starts must not lose ours.
            c.Response.Headers.Clear();
            c.Response.StatusCode = StatusCodes.Status404NotFound;
            if (responseCsp is not null)
            {
                ContentSecurityPolicy.Set(c, responseCsp);
            }
            return Task.CompletedTask;
        }, Options.Create(options));

        await middleware.InvokeAsync(context);
        await response.StartAsync();
        return context.Response.Headers;
    }

    [Theory]
    [InlineData(HttpHeadersOptions.DefaultCsp)]
    [InlineData(HttpHeadersOptions.Off)]
    public async Task InvokeAsync_ResponseSetItsOwnPolicy_ThatPolicyInAllThreeCspHeaders(string configured)
    {
        var headers = await RunAsync(new HttpHeadersOptions { Csp = configured }, ContentSecurityPolicy.Docs);

        foreach (var name in new[] { "content-security-policy", "x-content-security-policy", "x-webkit-csp" })
        {
            Assert.Equal(ContentSecurityPolicy.Docs, headers[name]);
        }
    }

    [Fact]
    public async Task InvokeAsync_Defaults_AddsCorsAndSecurityHeadersWhenTheResponseStarts()
    {
        var headers = await RunAsync(new HttpHeadersOptions());

        Assert.Equal("*", headers["access-control-allow-origin"]);
        Assert.Equal("accept, x-requested-with, content-type, last-event-id", headers["access-control-allow-headers"]);
        Assert.Equal("etag, EventStreams-Resume, EventStreams-Resume-Detail", headers["access-control-expose-headers"]);
        Assert.Equal("1; mode=block", headers["x-xss-protection"]);
        Assert.Equal("nosniff", headers["x-content-type-options"]);
        Assert.Equal("SAMEORIGIN", headers["x-frame-options"]);
        foreach (var name in new[] { "content-security-policy", "x-content-security-policy", "x-webkit-csp" })
        {
            Assert.Equal("default-src 'self'; object-src 'none'; media-src *; img-src *; style-src *; frame-ancestors 'self'", headers[name]);
        }
    }

    [Fact]
    public async Task InvokeAsync_CorsFalse_SendsNoCorsHeaders()
    {
        var headers = await RunAsync(new HttpHeadersOptions { Cors = "false" });

        Assert.DoesNotContain(headers.Keys, k => k.StartsWith("access-control-", StringComparison.OrdinalIgnoreCase));
        Assert.Equal("nosniff", headers["x-content-type-options"]);
    }

    [Fact]
    public async Task InvokeAsync_ConfiguredOriginAndCsp_AreSentAsConfigured()
    {
        var headers = await RunAsync(new HttpHeadersOptions { Cors = "https://example.org", Csp = "default-src 'none'" });

        Assert.Equal("https://example.org", headers["access-control-allow-origin"]);
        Assert.Equal("default-src 'none'", headers["x-webkit-csp"]);
    }

    [Fact]
    public async Task InvokeAsync_CspFalse_SendsNoSecurityHeaders()
    {
        var headers = await RunAsync(new HttpHeadersOptions { Csp = "false" });

        Assert.False(headers.ContainsKey("content-security-policy"));
        Assert.False(headers.ContainsKey("x-frame-options"));
        Assert.Equal("*", headers["access-control-allow-origin"]);
    }

    [Theory]
    [InlineData("", "default")]
    [InlineData("*", "a\r\nb")]
    public void Validate_EmptyOrMultiLineValue_NamesTheKey(string cors, string csp)
    {
        var error = new HttpHeadersOptions { Cors = cors, Csp = csp }.Validate();

        Assert.NotNull(error);
        Assert.StartsWith("Http:", error);
    }

    /// <summary>A response feature that runs OnStarting callbacks when told to, as a server does.</summary>
    private sealed class StartingResponseFeature : HttpResponseFeature
    {
        private readonly List<(Func<object, Task> Callback, object State)> _starting = [];

        public override void OnStarting(Func<object, Task> callback, object state) => _starting.Add((callback, state));

        public async Task StartAsync()
        {
            foreach (var (callback, state) in _starting)
            {
                await callback(state);
            }
        }
    }
}
