using EventStreams.TestKit;
using System.Net;
using System.Text.Json.Nodes;

namespace EventStreams.EndToEnd.Tests.Hosting;

/// <summary>The host with the operators' Orleans dashboard switched on.</summary>
public sealed class DashboardHostFixture : SiloHostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Dashboard:Enabled", "true")];
}

public sealed class DashboardTests(DashboardHostFixture host) : IClassFixture<DashboardHostFixture>
{
    [Fact]
    public async Task Dashboard_Enabled_ServesThePageAndGrainStatistics()
    {
        var page = await host.Http.GetAsync("/dashboard/");
        // The dashboard samples the cluster periodically: wait for its first sample.
        var hosts = await Eventually.GetAsync(async () =>
        {
            using var counters = await host.Http.GetAsync("/dashboard/DashboardCounters");
            counters.EnsureSuccessStatusCode();
            return JsonNode.Parse(await counters.Content.ReadAsStringAsync())!["hosts"]!.AsArray();
        }, h => h.Count > 0, "the dashboard's first sample", TimeSpan.FromSeconds(30));

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("Orleans Dashboard", await page.Content.ReadAsStringAsync());
        Assert.Equal("Active", (string?)hosts.Single()!["status"]);
    }
}

public sealed class DashboardDisabledTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    [Fact]
    public async Task Dashboard_ByDefault_NotServed()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/dashboard/")).StatusCode);
    }
}
