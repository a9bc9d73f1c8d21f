using System.Net;
using System.Net.Sockets;
using System.Text;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>
/// The load client's churn: it leaves after its stay, comes back after its absence with its
/// Last-Event-ID, and its sequence checks carry on; a leave is not a broken stream.
/// </summary>
public sealed class ChurnTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);
    // Short, so the test is quick; the client's own timer, not the test, decides when it leaves.
    private static readonly TimeSpan Stay = TimeSpan.FromSeconds(1), Away = TimeSpan.FromMilliseconds(50);

    private static string Id(long seq) => $"[{{\"topic\":\"t\",\"partition\":0,\"timestamp\":{seq + 1},\"offset\":{seq + 1}}}]";

    private static string Frame(long seq) =>
        $"event: message\nid: {Id(seq)}\ndata: {{\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"seq\":{seq},\"p\":0,\"pad\":\"xx\"}}\n\n";

    [Fact]
    public async Task RunAsync_Churning_LeavesAfterItsStayAndComesBackWithLastEventId()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var stats = new LoadStats();
        var client = new SseSocketClient([(IPEndPoint)server.LocalEndpoint], IPAddress.Loopback, "/s", stats, 1024, reconnect: true,
            churn: new ChurnSchedule(Stay, Stay, Away, Away, seed: 1));
        using var cts = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(cts.Token);

        // The first connection gets two events and stays open: the client closes it itself.
        using (var socket = await server.AcceptSocketAsync(cts.Token))
        {
            Assert.DoesNotContain("Last-Event-ID", await ReadRequestAsync(socket, cts.Token));
            await socket.SendAsync(SseFrames.Chunked(":ok\n\n", Frame(0), Frame(1)), cts.Token);
            Assert.Equal(0, await socket.ReceiveAsync(new byte[16], cts.Token));
        }
        // It comes back to the same server, asking for what follows event 1.
        using (var socket = await server.AcceptSocketAsync(cts.Token))
        {
            Assert.Contains($"Last-Event-ID: {Id(1)}\r\n", await ReadRequestAsync(socket, cts.Token));
            client.StopChurning();
            await socket.SendAsync(SseFrames.Chunked(":ok\n\n", Frame(2), Frame(3)), cts.Token);
            while (stats.Report(reset: false).Deliveries < 4)
            {
                await Task.Delay(10, cts.Token);
            }
            await cts.CancelAsync();
            await run;
        }

        var report = stats.Report(reset: false);
        Assert.Equal((0L, 0L), (report.Lost, report.Duplicates));
        Assert.Equal((1L, 0L, 1L), (report.Left, report.Disconnects, report.Reconnects));
        Assert.Equal((2, 1, 0), (client.Connections, client.Leaves, client.Disconnects));
        Assert.Equal([4L], client.NextSequences);
    }

    [Fact]
    public void Constructor_ChurnWithoutReconnect_Throws()
    {
        Assert.Throws<ArgumentException>(() => new SseSocketClient([new IPEndPoint(IPAddress.Loopback, 1)], IPAddress.Loopback, "/", new LoadStats(), 1024,
            reconnect: false, churn: new ChurnSchedule(Stay, Stay, Away, Away, seed: 1)));
    }

    private static async Task<string> ReadRequestAsync(Socket socket, CancellationToken cancellationToken)
    {
        var received = new StringBuilder();
        var buffer = new byte[4096];
        while (!received.ToString().Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            var n = await socket.ReceiveAsync(buffer, cancellationToken);
            if (n == 0)
            {
                break;
            }
            received.Append(Encoding.UTF8.GetString(buffer, 0, n));
        }
        return received.ToString();
    }
}
