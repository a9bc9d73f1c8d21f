using EventStreams.Gateway.Clients;
using EventStreams.TestKit;
using Microsoft.Extensions.DependencyInjection;
using System.Net;
using System.Text.Json.Nodes;

namespace EventStreams.EndToEnd.Tests.Hosting;

/// <summary>The host with the operators' Orleans dashboard switched on, and a per-IP limit so ClientIpGrains count slots.</summary>
public sealed class DashboardHostFixture : SiloHostFixture
{
    public const int ConnectionLimitPerIp = 5;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Dashboard:Enabled", "true"),
        new("ClientLimits:ConnectionLimitPerIp", ConnectionLimitPerIp.ToString()),
    ];
}

public sealed class DashboardTests(DashboardHostFixture host) : IClassFixture<DashboardHostFixture>
{
    private const string StatsPath = "/dashboard/eventstreams/stats.json";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

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

    [Fact]
    public async Task OperatorsStats_OpenStream_ListsItsTopicGrainWithASubscriberAndItsSilo()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await ConnectAsync("198.51.100.8", cts.Token);
        await host.Kafka.ProduceAsync(SiloHostFixture.Beta, 0, """{"meta":{"domain":"test.example"}}""");
        await client.ReadEventAsync(cts.Token);

        var topic = await Eventually.GetAsync(
            async () => (await GetStatsAsync())["topics"]!.AsArray()
                .FirstOrDefault(t => (string?)t!["topic"] == SiloHostFixture.Beta && (int)t["partition"]! == 0),
            t => t is not null && (int)t["subscribers"]! >= 1 && (long)t["eventsDelivered"]! >= 1,
            "the beta TopicGrain with a subscriber", Deadline);

        var silo = host.Services.GetRequiredService<ILocalSiloDetails>().SiloAddress.ToParsableString();
        Assert.Equal(silo, (string?)topic!["silo"]);
        Assert.True((bool)topic["consuming"]!);
        Assert.True((long)topic["nextOffset"]! >= 1);
    }

    [Fact]
    public async Task OperatorsStats_OpenStreamFromAClientIp_ListsTheIpWithOneSlot()
    {
        const string clientIp = "198.51.100.7";
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await ConnectAsync(clientIp, cts.Token);

        var row = await Eventually.GetAsync(
            async () => (await GetStatsAsync())["topClientIps"]!.AsArray().FirstOrDefault(c => (string?)c!["clientIp"] == clientIp),
            c => c is not null, $"{clientIp} among the busiest client IPs", Deadline);

        Assert.Equal(1, (int)row!["slots"]!);
    }

    [Fact]
    public async Task OperatorsPage_Enabled_ServesHtmlAndItsScriptWithAStrictPolicy()
    {
        using var page = await host.Http.GetAsync("/dashboard/eventstreams");
        using var script = await host.Http.GetAsync("/dashboard/eventstreams/operators.js");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType!.MediaType);
        Assert.Contains("""<script src="/dashboard/eventstreams/operators.js" defer></script>""", await page.Content.ReadAsStringAsync());
        Assert.Contains("script-src 'self';", page.Headers.GetValues("content-security-policy").Single());
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Equal("text/javascript", script.Content.Headers.ContentType!.MediaType);
        Assert.Contains("stats.json", await script.Content.ReadAsStringAsync());
    }

    private async Task<SseClient> ConnectAsync(string clientIp, CancellationToken cancellationToken)
    {
        var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/beta.only",
            headers: [new(ClientIp.Header, clientIp)]);
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        await client.WaitForPreambleAsync(cancellationToken);
        return client;
    }

    private async Task<JsonNode> GetStatsAsync()
    {
        using var response = await host.Http.GetAsync(StatsPath);
        response.EnsureSuccessStatusCode();
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}

public sealed class DashboardDisabledTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    [Fact]
    public async Task Dashboard_ByDefault_NotServed()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/dashboard/")).StatusCode);
    }

    [Fact]
    public async Task OperatorsStats_ByDefault_AnswersTheJson404()
    {
        using var response = await host.Http.GetAsync("/dashboard/eventstreams/stats.json");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(404, (int)body["status"]!);
        Assert.Equal("not_found", (string?)body["type"]);
    }
}
