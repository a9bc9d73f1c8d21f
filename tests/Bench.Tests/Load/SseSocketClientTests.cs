using System.Net;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>The load client's parser: what it counts decides the bench's loss and latency figures.</summary>
public sealed class SseSocketClientTests
{
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
        var bytes = SseFrames.Chunked(":ok\n\n", SseFrames.Frame(now, 0, 0) + SseFrames.Frame(now, 0, 1), SseFrames.Frame(now, 1, 0), SseFrames.Frame(now, 2, 0) + SseFrames.Frame(now, 1, 1));

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

        client.Process(SseFrames.Chunked(":ok\n\n", SseFrames.Frame(now, 0, 0), SseFrames.Frame(now, 3, 0), SseFrames.Frame(now, 2, 0), SseFrames.Frame(now, 4, 0)));

        var report = stats.Report(reset: false);
        Assert.Equal((4L, 2L, 1L), (report.Deliveries, report.Lost, report.Duplicates));
    }

    [Fact]
    public void Process_FilteredClientItsBucketInOrder_OrderCheckedByBucketSequence()
    {
        var stats = new LoadStats();
        var client = new SseSocketClient([new IPEndPoint(IPAddress.Loopback, 1)], IPAddress.Loopback, "/", stats, 1024, bucket: 7);

        // Partition sequences jump (the other buckets' events were filtered out); bucket sequences do not.
        client.Process(SseFrames.Chunked(":ok\n\n", SseFrames.Bucketed(7, 0, 7, 0), SseFrames.Bucketed(57, 0, 7, 1), SseFrames.Bucketed(8, 1, 7, 0)));

        var report = stats.Report(reset: false);
        Assert.Equal((3L, 0L, 0L, 0L), (report.Deliveries, report.Lost, report.Duplicates, report.WrongFilter));
        Assert.Equal([2L, 1L], client.NextSequences);
    }

    [Fact]
    public void Process_FilteredClientGapRepeatAndOtherBucket_CountedPerClientAndInStats()
    {
        var stats = new LoadStats();
        var client = new SseSocketClient([new IPEndPoint(IPAddress.Loopback, 1)], IPAddress.Loopback, "/", stats, 1024, bucket: 7);

        client.Process(SseFrames.Chunked(":ok\n\n", SseFrames.Bucketed(7, 0, 7, 0), SseFrames.Bucketed(157, 0, 7, 3),
            SseFrames.Bucketed(107, 0, 7, 2), SseFrames.Bucketed(8, 0, 8, 4)));

        var report = stats.Report(reset: false);
        Assert.Equal((4L, 2L, 1L, 1L), (report.Deliveries, report.Lost, report.Duplicates, report.WrongFilter));
        Assert.Equal((2L, 1L, 1L), (client.Lost, client.Duplicates, client.WrongFilter));
        // The other bucket's event is kept out of the sequence.
        Assert.Equal([4L], client.NextSequences);
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
