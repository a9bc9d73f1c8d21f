using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Hosting;

/// <summary>Stopping a node ends its open streams cleanly instead of holding shutdown open.</summary>
public sealed class ShutdownTests
{
    [Fact]
    public async Task StopAsync_OpenStreams_EndCleanlySoClientsCanReconnect()
    {
        var host = new SiloHostFixture();
        await host.InitializeAsync();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var clients = new List<SseClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/test.stream");
                await client.WaitForPreambleAsync(cts.Token);
                clients.Add(client);
            }

            var stopping = host.App.StopAsync(cts.Token);
            var ends = await Task.WhenAll(clients.Select(c => c.ReadEventAsync(cts.Token)));
            await stopping;

            // Every stream ended (no event, end of body) rather than being cut off or left hanging.
            Assert.All(ends, Assert.Null);
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
}
