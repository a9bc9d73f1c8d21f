using System.Net;
using System.Text.Json.Nodes;

namespace EventStreams.EndToEnd.Tests.Health;

/// <summary>/healthz and /readyz of a running, ready host.</summary>
public sealed class HealthEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    [Fact]
    public async Task Healthz_RunningHost_200Healthy()
    {
        using var response = await host.Http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal("""{"status":"Healthy","checks":{}}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_ReadyHost_200WithEveryCheckHealthy()
    {
        using var response = await host.Http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("Healthy", body["status"]!.GetValue<string>());
        var checks = body["checks"]!.AsObject();
        Assert.Equal(["draining", "kafka", "silo", "stream_config"], checks.Select(c => c.Key).Order());
        Assert.All(checks, c => Assert.Equal("Healthy", c.Value!["status"]!.GetValue<string>()));
        Assert.Contains("5 streams", checks["stream_config"]!["description"]!.GetValue<string>());
    }
}
