using System.Net;
using System.Net.Sockets;
using System.Text;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>
/// The load client's EventSource-style reconnect: on a broken stream it moves to the next server
/// with its Last-Event-ID, and its per-partition checks go on across the two connections.
/// </summary>
public sealed class ReconnectTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private static string Id(long seq) => $"[{{\"topic\":\"t\",\"partition\":0,\"timestamp\":{seq + 1},\"offset\":{seq + 1}}}]";

    private static string Frame(long seq)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return $"event: message\nid: {Id(seq)}\ndata: {{\"ts\":{now},\"seq\":{seq},\"p\":0,\"pad\":\"xx\"}}\n\n";
    }

    private static SseSocketClient Client(LoadStats stats, bool reconnect = true) =>
        new([new IPEndPoint(IPAddress.Loopback, 1)], IPAddress.Loopback, "/", stats, 1024, reconnect);

    [Fact]
    public void Process_Reconnecting_LastEventIdIsThatOfTheLastCountedEvent()
    {
        var stats = new LoadStats();
        var client = Client(stats);
        var bytes = SseFrames.Chunked(":ok\n\n", Frame(0) + Frame(1));
        // The connection breaks after the id line of the third frame, before its data line.
        var piece = $"event: message\nid: {Id(2)}\n";
        var cut = Encoding.UTF8.GetBytes($"{Encoding.UTF8.GetByteCount(piece):x}\r\n{piece}");

        client.StartResponse();
        client.Process(bytes);
        client.Process(cut);
        client.EndResponse(cancelled: false);

        Assert.Equal(Id(1), client.LastEventId);
        Assert.Equal((1, 1), (client.Connections, client.Disconnects));
        Assert.False(client.IsOpen);
    }

    [Fact]
    public void Process_NotReconnecting_KeepsNoId()
    {
        var client = Client(new LoadStats(), reconnect: false);

        client.Process(SseFrames.Chunked(":ok\n\n", Frame(0)));

        Assert.Null(client.LastEventId);
    }

    [Fact]
    public void Process_ServiceUnavailable_RejectedAndNothingCounted()
    {
        var stats = new LoadStats();
        var client = Client(stats);
        var body = """{"status":503}""";

        client.StartResponse();
        client.Process(Encoding.UTF8.GetBytes($"HTTP/1.1 503 Service Unavailable\r\nContent-Length: {body.Length}\r\n\r\n{body}"));
        client.EndResponse(cancelled: false);

        Assert.Equal(503, client.RejectedStatus);
        Assert.Equal((0, 0, 0L), (client.Connections, client.Disconnects, stats.Report(reset: false).Deliveries));
    }

    [Fact]
    public void Mark_EventsProducedAfterIt_FirstArrivalRecordedPerPartition()
    {
        var stats = new LoadStats();
        stats.Seen(0, producedMs: 100, receivedMs: 150);
        stats.Mark(1000);

        stats.Seen(0, producedMs: 999, receivedMs: 1010); // produced before the mark
        stats.Seen(1, producedMs: 1001, receivedMs: 1020);
        stats.Seen(1, producedMs: 1002, receivedMs: 1030);

        Assert.Equal([0L, 1020L], stats.Report(reset: false).FirstAfterMark.Take(2));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RunAsync_FirstServerClosesTheStream_ResumesOnTheNextWithLastEventId(bool replayOneEvent)
    {
        using var first = new TcpListener(IPAddress.Loopback, 0);
        using var second = new TcpListener(IPAddress.Loopback, 0);
        first.Start();
        second.Start();
        var stats = new LoadStats();
        var client = new SseSocketClient([(IPEndPoint)first.LocalEndpoint, (IPEndPoint)second.LocalEndpoint], IPAddress.Loopback, "/s", stats, 1024, reconnect: true);
        using var cts = new CancellationTokenSource(Timeout);
        var run = client.RunAsync(cts.Token);

        // The first server sends two events, then goes away.
        using (var socket = await first.AcceptSocketAsync(cts.Token))
        {
            var request = await ReadRequestAsync(socket, cts.Token);
            Assert.DoesNotContain("Last-Event-ID", request);
            await socket.SendAsync(SseFrames.Chunked(":ok\n\n", Frame(0), Frame(1)), cts.Token);
        }
        // The second one is asked to resume after event 1 and sends what follows (or event 1 again).
        using (var socket = await second.AcceptSocketAsync(cts.Token))
        {
            var request = await ReadRequestAsync(socket, cts.Token);
            Assert.Contains($"Last-Event-ID: {Id(1)}\r\n", request);
            var frames = (replayOneEvent ? Frame(1) : "") + Frame(2) + Frame(3);
            await socket.SendAsync(SseFrames.Chunked(":ok\n\n", frames), cts.Token);
            while (stats.Report(reset: false).Deliveries < (replayOneEvent ? 5 : 4))
            {
                await Task.Delay(10, cts.Token);
            }
            await cts.CancelAsync();
            await run;
        }

        var report = stats.Report(reset: false);
        Assert.Equal((0L, replayOneEvent ? 1L : 0L), (report.Lost, report.Duplicates));
        Assert.Equal((1L, 1L), (report.Disconnects, report.Reconnects));
        Assert.Equal(1, report.Resume.ToHistogram().Count);
        Assert.Equal([4L], client.NextSequences);
        Assert.Equal((2, 1), (client.Connections, client.Disconnects));
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

    [Fact]
    public void Rotated_StartsAtTheGivenServer()
    {
        IPEndPoint[] servers = [new(IPAddress.Loopback, 1), new(IPAddress.Loopback, 2), new(IPAddress.Loopback, 3)];

        Assert.Equal([2, 3, 1], LoadProcess.Rotated(servers, 1).Select(s => s.Port));
        Assert.Equal([1, 2, 3], LoadProcess.Rotated(servers, 0).Select(s => s.Port));
    }
}
