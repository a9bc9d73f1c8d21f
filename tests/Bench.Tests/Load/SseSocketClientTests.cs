using System.Net;
using System.Text;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>The load client's parser: what it counts decides the bench's loss and latency figures.</summary>
public sealed class SseSocketClientTests
{
    private static string Frame(long ts, long seq, int p) =>
        $"event: message\nid: [{{\"topic\":\"t\",\"partition\":{p},\"timestamp\":{ts + 1}}}]\ndata: {{\"ts\":{ts},\"seq\":{seq},\"p\":{p},\"pad\":\"xx\",\"meta\":{{}}}}\n\n";

    private static byte[] Chunked(params string[] chunks)
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        foreach (var chunk in chunks)
        {
            text.Append($"{Encoding.UTF8.GetByteCount(chunk):x}\r\n{chunk}\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static (SseSocketClient Client, LoadStats Stats) NewClient()
    {
        var stats = new LoadStats();
        return (new SseSocketClient([new IPEndPoint(IPAddress.Loopback, 1)], IPAddress.Loopback, "/", stats, 1024), stats);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(100_000)]
    public void Process_ChunkedStreamSplitAnywhere_CountsEveryEventOnce(int pieceSize)
    {
        var (client, stats) = NewClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var bytes = Chunked(":ok\n\n", Frame(now, 0, 0) + Frame(now, 0, 1), Frame(now, 1, 0), Frame(now, 2, 0) + Frame(now, 1, 1));

        for (var at = 0; at < bytes.Length; at += pieceSize)
        {
            client.Process(bytes.AsSpan(at, Math.Min(pieceSize, bytes.Length - at)));
        }

        var report = stats.Report(reset: false);
        Assert.True(client.GotPreamble);
        Assert.Equal((5L, 0L, 0L), (report.Deliveries, report.Lost, report.Duplicates));
        Assert.Equal([3L, 2L], client.NextSequences);
    }

    [Fact]
    public void Process_GapAndRepeat_CountedAsLostAndDuplicated()
    {
        var (client, stats) = NewClient();
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        client.Process(Chunked(":ok\n\n", Frame(now, 0, 0), Frame(now, 3, 0), Frame(now, 2, 0), Frame(now, 4, 0)));

        var report = stats.Report(reset: false);
        Assert.Equal((4L, 2L, 1L), (report.Deliveries, report.Lost, report.Duplicates));
    }

    [Fact]
    public void Percentile_KnownLatencies_NearestRank()
    {
        var h = new LatencyHistogram();
        foreach (var ms in Enumerable.Range(1, 100))
        {
            h.Record(ms);
        }
        Assert.Equal((50L, 99L, 100L), (h.Percentile(50), h.Percentile(99), h.Max));
        var merged = LatencyHistogram.FromSparse(h.ToSparse(), h.Max);
        Assert.Equal(h.Percentile(99), merged.Percentile(99));
    }
}
