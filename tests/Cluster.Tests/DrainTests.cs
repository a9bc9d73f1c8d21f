using System.Net;
using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.TestKit;
using Xunit.Abstractions;

namespace EventStreams.Cluster.Tests;

/// <summary>
/// A gateway told to stop (SIGTERM, as Kubernetes stops a pod) drains: /readyz turns 503 at once,
/// it keeps serving through the delay, then ends its streams spread over the window; each
/// client reconnects to the other gateway with its Last-Event-ID and misses nothing.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DrainTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int ClientCount = 100;
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private static readonly (string, int)[] Topics = [(ClusterFixture.TopicA, ClusterFixture.PartitionsPerTopic), (ClusterFixture.TopicB, ClusterFixture.PartitionsPerTopic)];

    private Dictionary<string, string> Settings() => new(cluster.GatewaySettings(cluster.ClusterId))
    {
        ["Gateway:Drain:Delay"] = Delay.ToString(),
        ["Gateway:Drain:Window"] = Window.ToString(),
    };

    [Fact]
    public async Task Sigterm_GatewayWith100Streams_NotReadyAtOnceThenEndsThemSpreadOverTheWindowAndTheyResumeElsewhere()
    {
        await cluster.EnsureWholeAsync();
        await using var draining = NodeProcess.Start("draining-gateway", "Gateway", FreePorts.Next(), Settings());
        await using var other = NodeProcess.Start("other-gateway", "Gateway", FreePorts.Next(), Settings());
        var http = cluster.Http;
        await draining.WaitUntilReadyAsync(http, Deadline);
        await other.WaitUntilReadyAsync(http, Deadline);
        string Logs() => draining.Log() + "\n" + other.Log() + "\n" + cluster.Logs();

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var clients = Enumerable.Range(0, ClientCount)
            .Select(i => new CheckedStream(http, [draining.Url, other.Url], "/v2/stream/sys", $"198.51.{100 + i / 250}.{i % 250}", reconnect: true))
            .ToArray();
        var runs = clients.Select(c => c.RunAsync(cts.Token)).ToArray();
        await using var producer = new ContinuousProducer(cluster.Broker.BootstrapServers, Topics, eventsPerSecond: 50);
        producer.Start();
        await Clients.WaitUntilAllSeeAsync(clients, Clients.PartitionsOf(Topics), Deadline, Logs);

        var signalled = DateTime.UtcNow;
        draining.Terminate();

        // Not ready at once: the first probe after the signal (retried only while the signal lands).
        var notReady = await Eventually.GetAsync(() => StatusAsync(http, $"{draining.Url}/readyz"), s => s == HttpStatusCode.ServiceUnavailable,
            "/readyz to answer 503", TimeSpan.FromSeconds(1));
        var notReadyAfter = DateTime.UtcNow - signalled;
        // Still serving through the delay: a new stream is accepted.
        await using (var late = await SseClient.ConnectAsync(http, $"{draining.Url}/v2/stream/sys", headers: [new("X-Client-IP", "203.0.113.1")]))
        {
            Assert.Equal(HttpStatusCode.OK, late.Response.StatusCode);
            await late.WaitForPreambleAsync(cts.Token);
        }
        Assert.True(DateTime.UtcNow - signalled < Delay, "the new stream should have been served within the delay");

        await Eventually.GetAsync(() => Task.FromResult(clients.Count(c => c.Connections >= 2)), n => n == ClientCount,
            "every client to reconnect to the other gateway", Deadline);
        var exitCode = await draining.WaitForExitAsync(Deadline);
        var lastProduced = await producer.StopAsync();
        await Clients.WaitUntilCompleteAsync(clients, lastProduced, Deadline, Logs);
        await cts.CancelAsync();
        await Task.WhenAll(runs);

        var ends = clients.Select(c => c.ConnectionEnds[0]).ToArray();
        var offsets = ends.Select(e => (e.At - signalled).TotalSeconds).Order().ToArray();
        double Quantile(double q) => offsets[(int)Math.Round(q * (offsets.Length - 1))];
        output.WriteLine($"/readyz 503 after {notReadyAfter.TotalMilliseconds:0} ms; {ClientCount} streams ended (s after SIGTERM; delay {Delay.TotalSeconds} s, window {Window.TotalSeconds} s): " +
            $"first {offsets[0]:0.00}, p10 {Quantile(0.1):0.00}, p25 {Quantile(0.25):0.00}, p50 {Quantile(0.5):0.00}, p75 {Quantile(0.75):0.00}, p90 {Quantile(0.9):0.00}, last {offsets[^1]:0.00}; " +
            $"exit code {exitCode}; {clients.Sum(c => c.Received)} events received, {lastProduced.Count} partitions");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady);
        Assert.Empty(clients.SelectMany(c => c.Violations));
        Assert.All(ends, e => Assert.True(e.Clean, "every stream should end cleanly, not break"));
        Assert.Equal(0, exitCode);
        // Spread: none before the delay, then evenly over the window. The times are when each client
        // saw its end, so they allow for a busy machine (a client may read its end a second late).
        Assert.InRange(offsets[0], Delay.TotalSeconds - 0.2, Delay.TotalSeconds + 2);
        Assert.InRange(offsets[^1], (Delay + Window * 0.8).TotalSeconds, (Delay + Window).TotalSeconds + 3);
        Assert.True(offsets[^1] - offsets[0] >= Window.TotalSeconds * 0.7, $"ends spread over {offsets[^1] - offsets[0]:0.00} s only");
        Assert.InRange(Quantile(0.5), (Delay + Window / 2).TotalSeconds - 1.5, (Delay + Window / 2).TotalSeconds + 1.5);
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string url)
    {
        using var response = await http.GetAsync(url);
        return response.StatusCode;
    }
}
