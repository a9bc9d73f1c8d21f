using System.Net;
using System.Text.Json.Nodes;

namespace EventStreams.EndToEnd.Tests.Hosting;

/// <summary>A silo host with Gateway:Enabled=false: a silo only, for clusters whose gateways run on their own.</summary>
public sealed class SiloOnlyHostFixture : SiloHostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Gateway:Enabled", "false")];
}

public sealed class SiloOnlyNodeTests(SiloOnlyHostFixture host) : IClassFixture<SiloOnlyHostFixture>
{
    [Fact]
    public async Task Stream_GatewayDisabled_JsonNotFound()
    {
        using var response = await host.Http.GetAsync("/v2/stream/test.stream");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("not_found", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["type"]);
    }

    [Fact]
    public async Task Readyz_GatewayDisabled_OnlyTheSiloIsChecked()
    {
        using var response = await host.Http.GetAsync("/readyz");
        var checks = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["checks"]!.AsObject();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["silo"], checks.Select(c => c.Key));
    }

    [Fact]
    public async Task Metrics_GatewayDisabled_StillServed()
    {
        using var response = await host.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("process_cpu_seconds_total", await response.Content.ReadAsStringAsync());
    }
}
