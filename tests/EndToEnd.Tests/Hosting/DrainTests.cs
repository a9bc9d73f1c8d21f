using System.Diagnostics;
using System.Net;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Hosting;

/// <summary>
/// The silo host with its in-process gateway drains as the standalone gateway does: not ready at
/// once, still streaming (the silo in the same process still serves) through the delay, then its
/// streams end one after another over the window.
/// </summary>
public sealed class DrainTests
{
    // Long enough that an event produced at the start of the drain arrives within it, even on a busy machine.
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(1.5);

    private sealed class DrainingHost : SiloHostFixture
    {
        protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
        [
            new("Gateway:Drain:Delay", Delay.ToString()),
            new("Gateway:Drain:Window", Window.ToString()),
        ];
    }

    [Fact]
    public async Task StopAsync_SiloHostWithStreams_NotReadyThenServesThroughTheDelayThenEndsStreamsSpreadOverTheWindow()
    {
        var host = new DrainingHost();
        await host.InitializeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clients = new List<SseClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/beta.only");
                await client.WaitForPreambleAsync(cts.Token);
                clients.Add(client);
            }
            Assert.Equal(HttpStatusCode.OK, (await host.Http.GetAsync("/readyz", cts.Token)).StatusCode);

            var clock = Stopwatch.StartNew();
            var stopping = host.App.StopAsync(cts.Token);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await host.Http.GetAsync("/readyz", cts.Token)).StatusCode);
            // An event produced during the delay still reaches every open stream.
            await host.Kafka.ProduceAsync(SiloHostFixture.Beta, 0, """{"during":"drain"}""");
            var delivered = await Task.WhenAll(clients.Select(c => c.ReadEventAsync(cts.Token)));
            Assert.All(delivered, e => Assert.Equal("""{"during":"drain"}""", StripMeta(e!.Data)));
            Assert.True(clock.Elapsed < Delay, $"delivered after {clock.Elapsed}, past the delay");

            var ends = await Task.WhenAll(clients.Select(async c =>
            {
                var next = await c.ReadEventAsync(cts.Token);
                return (Next: next, At: clock.Elapsed);
            }));
            await stopping;

            // Each stream ended (end of body, no event), at its own slot: 0, 0.5 and 1 s into the window.
            Assert.All(ends, e => Assert.Null(e.Next));
            var at = ends.Select(e => e.At).Order().ToArray();
            Assert.True(at[0] >= Delay, $"first end at {at[0]}, before the delay");
            Assert.True(at[^1] - at[0] >= Window * 2 / 3 - TimeSpan.FromMilliseconds(100), $"ends {string.Join(", ", at)} are not spread over the window");
        }
        finally
        {
            foreach (var c in clients)
            {
                await c.DisposeAsync();
            }
            await host.DisposeAsync();
        }
    }

    /// <summary>The event as produced: the service adds a meta object, which this drops.</summary>
    private static string StripMeta(string data)
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse(data)!.AsObject();
        node.Remove("meta");
        return node.ToJsonString();
    }
}
