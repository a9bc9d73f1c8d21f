using System.Net;
using EventStreams.Grains.Config;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Config;

/// <summary>Stream configuration served over HTTP and changed while the real host runs.</summary>
public sealed class StreamConfigReloadTests(ReloadingHostFixture host) : IClassFixture<ReloadingHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Reload_StreamAdded_GatewayServesItWithoutRestart()
    {
        var name = $"added.{Guid.NewGuid():N}";
        Assert.Equal(HttpStatusCode.BadRequest, await StatusAsync(name));

        host.ConfigServer.Serve(TwoStreams(name));

        await Eventually.GetAsync(() => StatusAsync(name), s => s == HttpStatusCode.OK, $"stream {name} to be served", Deadline);
    }

    [Fact]
    public async Task Reload_Broken_KeepsTheLastGoodConfiguration()
    {
        var good = await ServeInitialAsync();
        (int Status, string Body)[] broken =
        [
            (500, "Internal Server Error"),
            (200, "{\"streams\": [unclosed"),
            (200, ReloadingHostFixture.Streams("""{"no.topics":{"description":"x"}}""")), // empty: nothing to serve
        ];
        try
        {
            foreach (var (status, body) in broken)
            {
                var failures = StreamConfigMetrics.LoadFailures.Value;
                var requests = host.ConfigServer.Requests;
                host.ConfigServer.Fail(status, body);
                // Two more requests mean at least one whole reload saw the broken answer.
                await Eventually.GetAsync(() => Task.FromResult(host.ConfigServer.Requests), r => r >= requests + 2, "two reloads", Deadline);

                Assert.True(StreamConfigMetrics.LoadFailures.Value > failures, $"a failed reload ({status}) is counted");
                var catalog = await host.GetCatalogAsync();
                Assert.Equal(good.Version, catalog.Version);
                Assert.Equal(["a", "alpha"], catalog.Streams.Select(s => s.Name));
                Assert.Equal(HttpStatusCode.OK, await StatusAsync("alpha"));
            }
        }
        finally
        {
            host.ConfigServer.Serve(ReloadingHostFixture.InitialConfig);
        }
    }

    [Fact]
    public async Task Reload_SameContent_KeepsTheVersion()
    {
        var before = await ServeInitialAsync();
        var requests = host.ConfigServer.Requests;
        await Eventually.GetAsync(() => Task.FromResult(host.ConfigServer.Requests), r => r >= requests + 2, "two reloads", Deadline);
        Assert.Equal(before.Version, (await host.GetCatalogAsync()).Version);
    }

    [Fact]
    public async Task Reload_StreamRemoved_NewRequestsRefusedOpenConnectionKeepsStreaming()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var name = $"removable.{Guid.NewGuid():N}";
        host.ConfigServer.Serve(TwoStreams(name));
        await Eventually.GetAsync(() => StatusAsync(name), s => s == HttpStatusCode.OK, $"stream {name} to be served", Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/{name}");
        await client.WaitForPreambleAsync(cts.Token);

        host.ConfigServer.Serve(ReloadingHostFixture.InitialConfig);
        await Eventually.GetAsync(() => StatusAsync(name), s => s == HttpStatusCode.BadRequest, $"stream {name} to be refused", Deadline);

        // Documented choice: a connection opened before the removal stays until its client leaves.
        await host.Kafka.ProduceAsync(ReloadingHostFixture.TopicB, 0, $$"""{"marker":"{{name}}"}""");
        SseEvent? received;
        do
        {
            received = await client.ReadEventAsync(cts.Token);
        }
        while (received is not null && !received.Data.Contains(name));
        Assert.NotNull(received);
    }

    [Fact]
    public async Task Load_OverHttp_SendsTheConfiguredHostHeaderAndUserAgent()
    {
        await Eventually.GetAsync(() => Task.FromResult(host.ConfigServer.Requests), r => r > 0, "a request", Deadline);
        Assert.Equal(ReloadingHostFixture.HostHeader, host.ConfigServer.LastHost);
        Assert.Equal(ReloadingHostFixture.UserAgent, host.ConfigServer.LastUserAgent);
    }

    /// <summary>Serves the initial configuration and waits until the cluster uses it (other tests change it).</summary>
    private async Task<StreamCatalog> ServeInitialAsync()
    {
        host.ConfigServer.Serve(ReloadingHostFixture.InitialConfig);
        return await Eventually.GetAsync(host.GetCatalogAsync, c => c.Streams.Select(s => s.Name).SequenceEqual(["a", "alpha"]),
            "the initial configuration", Deadline);
    }

    /// <summary>Stream "a" and a stream of the given name on topic B.</summary>
    private static string TwoStreams(string name) =>
        ReloadingHostFixture.Streams($$$"""{"a":{"topics":["reload.a"]},"{{{name}}}":{"topics":["{{{ReloadingHostFixture.TopicB}}}"]}}""");

    private async Task<HttpStatusCode> StatusAsync(string stream)
    {
        using var response = await host.Http.GetAsync($"/v2/stream/{stream}", HttpCompletionOption.ResponseHeadersRead);
        return response.StatusCode;
    }
}
