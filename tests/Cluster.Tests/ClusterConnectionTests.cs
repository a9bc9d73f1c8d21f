using System.Net;
using System.Text.Json.Nodes;
using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.TestKit;

namespace EventStreams.Cluster.Tests;

/// <summary>
/// A gateway without silos: it starts before any, waits and says so, then loses every silo and
/// gets them back. A second cluster on the same Redis (its own cluster id), one silo, one gateway.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ClusterConnectionTests(ClusterFixture cluster)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private static readonly (string, int)[] Topics = [(ClusterFixture.Eqiad, 1), (ClusterFixture.Codfw, 1)];

    [Fact]
    public async Task Gateway_BeforeAnySiloAndAfterLosingAll_Answers503ThenResumesItsOpenStreams()
    {
        var clusterId = $"lonely-{Guid.NewGuid():N}";
        var (siloHttp, siloPort, siloGateway) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
        var gatewayPort = FreePorts.Next();
        await using var gateway = NodeProcess.Start("lonely-gateway", "Gateway", gatewayPort, cluster.GatewaySettings(clusterId));
        var http = cluster.Http;

        // No silo yet: alive, not ready, streams refused with the service's JSON error, and the log says why.
        await Eventually.GetAsync(() => StatusAsync($"{gateway.Url}/healthz"), s => s == HttpStatusCode.OK, "the gateway to listen", Deadline);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await StatusAsync($"{gateway.Url}/readyz"));
        using (var refused = await http.GetAsync($"{gateway.Url}/v2/stream/twodc"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.Equal("cluster_unavailable", (string?)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["type"]);
        }
        await Eventually.GetAsync(() => Task.FromResult(gateway.LogContains("Waiting for a silo")), seen => seen, "the waiting to be logged", Deadline);

        // The silo arrives: the gateway connects and becomes ready.
        var silo = NodeProcess.Start("lonely-silo", "Silo", siloHttp, cluster.SiloSettings(clusterId, siloPort, siloGateway));
        try
        {
            await gateway.WaitUntilReadyAsync(http, Deadline);
            using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
            var client = new CheckedStream(http, [gateway.Url], "/v2/stream/twodc", "198.51.100.20", reconnect: false);
            var reading = client.RunAsync(cts.Token);
            var producer = new ContinuousProducer(cluster.Broker.BootstrapServers, Topics, eventsPerSecond: 20);
            producer.Start();
            await Clients.WaitUntilAllSeeAsync([client], Clients.PartitionsOf(Topics), Deadline, () => gateway.Log() + silo.Log());

            // Every silo is lost: new streams get 503, the open one waits.
            silo.Kill();
            await Eventually.GetAsync(() => StatusAsync($"{gateway.Url}/v2/stream/twodc"), s => s == HttpStatusCode.ServiceUnavailable,
                "new streams to be refused while no silo is up", Deadline);
            await Task.Delay(TimeSpan.FromSeconds(2)); // events keep coming meanwhile

            // A silo is back: the gateway reconnects and resubscribes; the open stream misses nothing.
            await silo.DisposeAsync();
            silo = NodeProcess.Start("lonely-silo-again", "Silo", siloHttp, cluster.SiloSettings(clusterId, siloPort, siloGateway));
            await gateway.WaitUntilReadyAsync(http, Deadline);
            await Task.Delay(TimeSpan.FromSeconds(2));
            var lastProduced = await producer.StopAsync();
            await producer.DisposeAsync();
            await Clients.WaitUntilCompleteAsync([client], lastProduced, Deadline, () => gateway.Log() + silo.Log());
            await cts.CancelAsync();
            await reading;

            Assert.Empty(client.Violations);
            Assert.Equal(1, client.Connections);
            Assert.False(client.Ended, client.EndReason);
        }
        finally
        {
            await silo.DisposeAsync();
        }
    }

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        try
        {
            using var response = await cluster.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }
}
