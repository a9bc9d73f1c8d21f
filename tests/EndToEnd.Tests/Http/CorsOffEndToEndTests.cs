using System.Net;

namespace EventStreams.EndToEnd.Tests.Http;

/// <summary>The real host with Http:Cors=false: no CORS at all.</summary>
public sealed class NoCorsHostFixture : SiloHostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Http:Cors", "false")];
}

public sealed class CorsOffEndToEndTests(NoCorsHostFixture host) : IClassFixture<NoCorsHostFixture>
{
    [Fact]
    public async Task Preflight_CorsOff_404JsonWithoutCorsHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/v2/stream/test");
        request.Headers.Add("Origin", "http://other.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "last-event-id");
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(
            """{"status":404,"type":"not_found","title":"Not Found","detail":"Cannot OPTIONS /v2/stream/test","method":"OPTIONS","uri":"/v2/stream/test"}""",
            await response.Content.ReadAsStringAsync());
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Stream_CorsOff_NoCorsHeaders()
    {
        using var response = await host.Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, "/v2/stream/nope"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain(response.Headers, h => h.Key.StartsWith("Access-Control-", StringComparison.OrdinalIgnoreCase));
    }
}
