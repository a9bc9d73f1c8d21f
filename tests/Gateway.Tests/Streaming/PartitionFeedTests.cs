using System.Text;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class PartitionFeedTests
{
    internal static EventBatch Batch(string topic, int partition, params long[] offsets) =>
        new(topic, partition, [.. offsets.Select(o => new EncodedEvent(o, 1_700_000_000_000 + o, Encoding.UTF8.GetBytes($"{{\"o\":{o}}}")))],
            offsets.Length == 0 ? 0 : offsets[^1] + 1);

    [Fact]
    public void OnEvents_Batch_AppendsInOrderWithIdEntries()
    {
        var feed = new PartitionFeed("eqiad.rc", 3, capacity: 16, FanoutClock.Immediate);
        _ = feed.OnEvents(Batch("eqiad.rc", 3, 10, 11));

        Assert.Equal(2, feed.Head);
        Assert.True(feed.TryGet(1, out var entry));
        Assert.Equal(11, entry.Offset);
        Assert.Equal("""{"topic":"eqiad.rc","partition":3,"timestamp":1700000000012,"offset":12}""", Encoding.UTF8.GetString(entry.IdEntry));
        Assert.Equal("""{"topic":"eqiad.rc","partition":3,"offset":-1}""", Encoding.UTF8.GetString(feed.LatestIdEntry));
    }

    [Fact]
    public void OnEvents_OffsetsAlreadySeen_AreNotAppendedAgain()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, FanoutClock.Immediate);
        _ = feed.OnEvents(Batch("t", 0, 1, 2, 3));
        _ = feed.OnEvents(Batch("t", 0, 2, 3, 4));

        Assert.Equal(4, feed.Head);
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(0, 4).Select(i => { feed.TryGet(i, out var e); return e.Offset; }));
    }

    [Fact]
    public void TryGet_EntryOverwrittenByWrapAround_ReturnsFalse()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, FanoutClock.Immediate);
        _ = feed.OnEvents(Batch("t", 0, [.. Enumerable.Range(0, 20).Select(i => (long)i)]));

        Assert.False(feed.TryGet(3, out _));
        Assert.True(feed.TryGet(4, out var oldest));
        Assert.Equal(4, oldest.Offset);
    }

    [Fact]
    public void OnEvents_WithListeners_WakesEachOnce()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, FanoutClock.Immediate);
        var listeners = new[] { new CountingListener(), new CountingListener() };
        foreach (var l in listeners)
        {
            feed.AddListener(l);
        }
        _ = feed.OnEvents(Batch("t", 0, 1, 2, 3));
        feed.RemoveListener(listeners[1]);
        _ = feed.OnEvents(Batch("t", 0, 4));

        Assert.Equal([2, 1], listeners.Select(l => l.Wakes));
    }

    private sealed class CountingListener : IFeedListener
    {
        public int Wakes { get; private set; }

        public void Wake() => Wakes++;
    }
}

public sealed class PartitionFeedCoverageTests
{
    private static PartitionFeed Feed(long coverageFrom, params long[] offsets)
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, FanoutClock.Immediate);
        feed.OnSubscribed(new Subscription(coverageFrom, Continued: false));
        _ = feed.OnEvents(PartitionFeedTests.Batch("t", 0, offsets));
        return feed;
    }

    [Fact]
    public void TryFindStart_BeforeCoverage_False()
    {
        Assert.False(Feed(10, 10, 11).TryFindStart(9, out _));
    }

    [Fact]
    public void TryFindStart_RetainedOffset_ItsSequence()
    {
        var feed = Feed(10, 10, 11, 14, 15);
        Assert.True(feed.TryFindStart(14, out var seq));
        Assert.Equal(2, seq);
        // 12 and 13 were skipped messages: the reader joins at the next event.
        Assert.True(feed.TryFindStart(12, out seq));
        Assert.Equal(2, seq);
    }

    [Fact]
    public void TryFindStart_BeyondWhatArrived_Head()
    {
        var feed = Feed(10, 10, 11);
        Assert.True(feed.TryFindStart(30, out var seq));
        Assert.Equal(feed.Head, seq);
    }

    [Fact]
    public void TryFindStart_OffsetOverwrittenInRing_False()
    {
        var feed = Feed(0, [.. Enumerable.Range(0, 20).Select(i => (long)i)]);
        Assert.False(feed.TryFindStart(3, out _));
        Assert.True(feed.TryFindStart(4, out var seq));
        Assert.True(feed.TryGet(seq, out var entry));
        Assert.Equal(4, entry.Offset);
    }

    [Fact]
    public void OnSubscribed_RenewalThatContinued_KeepsCoverage()
    {
        var feed = Feed(10, 10, 11);
        feed.OnSubscribed(new Subscription(50, Continued: true));
        Assert.True(feed.TryFindStart(10, out _));
        feed.OnSubscribed(new Subscription(50, Continued: false));
        Assert.False(feed.TryFindStart(10, out _));
    }
}
