using System.Net;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>The end-of-run check: did each client get all of its share?</summary>
public sealed class ShareCheckTests
{
    [Fact]
    public void Tail_BehindTheLastProduced_CountsTheRest()
    {
        Assert.Equal((5L, 0), ShareCheck.Tail([8, 11], [9, 13]));
    }

    [Fact]
    public void Tail_NothingReceivedFromAPartitionWithEvents_NeverSeenNotMissing()
    {
        Assert.Equal((0L, 1), ShareCheck.Tail([-1, 4], [9, 3]));
    }

    [Fact]
    public void Tail_NothingProducedInAPartition_NothingExpected()
    {
        Assert.Equal((0L, 0), ShareCheck.Tail([-1, 4], [-1, 3]));
    }

    [Fact]
    public void LastOfShare_Bucket_ItsLastInEachPartition()
    {
        // Two partitions, three buckets: [p0b0, p0b1, p0b2, p1b0, p1b1, p1b2].
        Assert.Equal([11L, 21L], ShareCheck.LastOfShare(1, [99, 98], [10, 11, 12, 20, 21, 22]));
    }

    [Fact]
    public void LastOfShare_Unfiltered_ThePartitionsLast()
    {
        Assert.Equal([99L, 98L], ShareCheck.LastOfShare(SseSocketClient.Unfiltered, [99, 98], []));
    }

    [Fact]
    public void LastOfShare_BucketWithoutBucketSequences_Throws()
    {
        Assert.Throws<ArgumentException>(() => ShareCheck.LastOfShare(3, [99, 98], [10, 11, 12, 20, 21, 22]));
    }

    [Fact]
    public void Summarize_ClientsWithAndWithoutProblems_CountsEach()
    {
        var stats = new LoadStats();
        var exact = FilteredClient(stats, bucket: 0);
        var behind = FilteredClient(stats, bucket: 1);
        var wrong = FilteredClient(stats, bucket: 0);
        // One partition, two buckets: bucket 0's last is 1, bucket 1's is 2.
        exact.Process(SseFrames.Chunked(":ok\n\n", SseFrames.Bucketed(0, 0, 0, 0), SseFrames.Bucketed(1, 0, 0, 1)));
        behind.Process(SseFrames.Chunked(":ok\n\n", SseFrames.Bucketed(0, 0, 1, 0)));
        wrong.Process(SseFrames.Chunked(":ok\n\n", SseFrames.Bucketed(0, 0, 0, 0), SseFrames.Bucketed(1, 0, 1, 0), SseFrames.Bucketed(2, 0, 0, 1)));

        var summary = ShareCheck.Summarize([exact, behind, wrong], [3], [1, 2]);

        Assert.Equal(new ShareSummary(TailLost: 2, PartitionsNeverSeen: 0, ClientsExact: 1, ClientsShort: 1, ClientsDuplicated: 0, ClientsWrongFilter: 1), summary);
    }

    private static SseSocketClient FilteredClient(LoadStats stats, int bucket) =>
        new([new IPEndPoint(IPAddress.Loopback, 1)], IPAddress.Loopback, "/", stats, 1024, bucket: bucket);
}
