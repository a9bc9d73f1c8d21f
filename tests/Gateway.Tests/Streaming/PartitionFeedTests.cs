using System.Text;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class PartitionFeedTests
{
    /// <summary>A batch of the given offsets (timestamp 1700000000000 + offset), from the first of them to just after the last.</summary>
    internal static EventBatch Batch(string topic, int partition, params long[] offsets) =>
        new(topic, partition, offsets.Length == 0 ? 0 : offsets[0],
            [.. offsets.Select(o => new EncodedEvent(o, 1_700_000_000_000 + o, Encoding.UTF8.GetBytes($"{{\"o\":{o}}}")))],
            offsets.Length == 0 ? 0 : offsets[^1] + 1);

    [Fact]
    public void Append_Batch_AppendsInOrderWithIdEntries()
    {
        var feed = new PartitionFeed("eqiad.rc", 3, capacity: 16, Clocks.Immediate);
        feed.Append(Batch("eqiad.rc", 3, 10, 11));

        Assert.Equal(2, feed.Head);
        Assert.True(feed.TryGet(1, out var entry));
        Assert.Equal(11, entry.Offset);
        Assert.Equal("""{"topic":"eqiad.rc","partition":3,"timestamp":1700000000012,"offset":12}""", Encoding.UTF8.GetString(entry.IdEntry));
        Assert.Equal(12, feed.Position);
    }

    [Fact]
    public void Join_NothingArrivedYet_EntryNamesTheStartWithThePreviousMessagesTimestamp()
    {
        var feed = new PartitionFeed("t", 1, capacity: 16, Clocks.Immediate);
        feed.Start(40, previousTimestamp: 1_700_000_000_039);

        var join = feed.Join();

        Assert.Equal(0, join.Sequence);
        // The entry message 39 would have left: a resume here is exact, elsewhere it falls back to the timestamp.
        Assert.Equal("""{"topic":"t","partition":1,"timestamp":1700000000040,"offset":40}""", Encoding.UTF8.GetString(join.IdEntry));
    }

    [Fact]
    public void Join_EmptyPartition_EntryNamesTheOffsetOnly()
    {
        var feed = new PartitionFeed("t", 1, capacity: 16, Clocks.Immediate);
        feed.Start(0, previousTimestamp: null);

        Assert.Equal("""{"topic":"t","partition":1,"offset":0}""", Encoding.UTF8.GetString(feed.Join().IdEntry));
    }

    [Fact]
    public void Join_AfterEvents_EntryOfTheNewestEvent()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Start(5, previousTimestamp: 1);
        feed.Append(Batch("t", 0, 5, 6));

        var join = feed.Join();

        Assert.Equal(2, join.Sequence);
        Assert.Equal("""{"topic":"t","partition":0,"timestamp":1700000000007,"offset":7}""", Encoding.UTF8.GetString(join.IdEntry));
    }

    [Fact]
    public void LearnStartTimestamp_AfterTheFirstBatchBeganTheFeed_OnlyWhileNothingArrived()
    {
        var quiet = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        quiet.Append(PartitionFeedTests.Batch("t", 0) with { FromOffset = 9, NextOffset = 9 });
        quiet.LearnStartTimestamp(9, 1_700_000_000_008);
        Assert.Equal("""{"topic":"t","partition":0,"timestamp":1700000000009,"offset":9}""", Encoding.UTF8.GetString(quiet.Join().IdEntry));
    }

    [Fact]
    public void Append_BatchStartingAfterThePosition_Throws()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Append(Batch("t", 0, 1, 2));

        Assert.Throws<InvalidOperationException>(() => feed.Append(Batch("t", 0, 5)));
    }

    [Fact]
    public void Reset_ChangesGenerationAndRestartsCoverage()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Append(Batch("t", 0, 1, 2));
        var listener = new CountingListener();
        feed.AddListener(listener);

        feed.Reset(50);

        Assert.Equal(1, feed.Generation);
        Assert.Equal(50, feed.Position);
        Assert.False(feed.TryFindStart(2, out _, out _));
        Assert.True(feed.TryFindStart(50, out var sequence, out var generation));
        Assert.Equal((2L, 1), (sequence, generation));
        Assert.Equal("""{"topic":"t","partition":0,"offset":50}""", Encoding.UTF8.GetString(feed.Join().IdEntry));
        Assert.Equal(1, listener.Wakes);
    }

    [Fact]
    public void Append_OffsetsAlreadySeen_AreNotAppendedAgain()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Append(Batch("t", 0, 1, 2, 3));
        feed.Append(Batch("t", 0, 2, 3, 4));

        Assert.Equal(4, feed.Head);
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(0, 4).Select(i => { feed.TryGet(i, out var e); return e.Offset; }));
    }

    [Fact]
    public void TryGet_EntryOverwrittenByWrapAround_ReturnsFalse()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Append(Batch("t", 0, [.. Enumerable.Range(0, 20).Select(i => (long)i)]));

        Assert.False(feed.TryGet(3, out _));
        Assert.True(feed.TryGet(4, out var oldest));
        Assert.Equal(4, oldest.Offset);
    }

    [Fact]
    public void Append_WithListeners_WakesEachOnce()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        var listeners = new[] { new CountingListener(), new CountingListener() };
        foreach (var l in listeners)
        {
            feed.AddListener(l);
        }
        feed.Append(Batch("t", 0, 1, 2, 3));
        feed.RemoveListener(listeners[1]);
        feed.Append(Batch("t", 0, 4));

        Assert.Equal([2, 1], listeners.Select(l => l.Wakes));
    }

    internal sealed class CountingListener : IFeedListener
    {
        public int Wakes { get; private set; }

        public void Wake() => Wakes++;
    }
}

public sealed class PartitionFeedCoverageTests
{
    private static PartitionFeed Feed(long coverageFrom, params long[] offsets)
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Start(coverageFrom, previousTimestamp: null);
        feed.Append(PartitionFeedTests.Batch("t", 0, offsets) with { FromOffset = coverageFrom });
        return feed;
    }

    [Fact]
    public void TryFindStart_BeforeCoverage_False()
    {
        Assert.False(Feed(10, 10, 11).TryFindStart(9, out _, out _));
    }

    [Fact]
    public void TryFindStart_RetainedOffset_ItsSequence()
    {
        var feed = Feed(10, 10, 11, 14, 15);
        Assert.True(feed.TryFindStart(14, out var seq, out _));
        Assert.Equal(2, seq);
        // 12 and 13 were skipped messages: the reader joins at the next event.
        Assert.True(feed.TryFindStart(12, out seq, out _));
        Assert.Equal(2, seq);
    }

    [Fact]
    public void TryFindStart_BeyondWhatArrived_Head()
    {
        var feed = Feed(10, 10, 11);
        Assert.True(feed.TryFindStart(30, out var seq, out _));
        Assert.Equal(feed.Head, seq);
    }

    [Fact]
    public void TryFindStart_OffsetOverwrittenInRing_False()
    {
        var feed = Feed(0, [.. Enumerable.Range(0, 20).Select(i => (long)i)]);
        Assert.False(feed.TryFindStart(3, out _, out _));
        Assert.True(feed.TryFindStart(4, out var seq, out _));
        Assert.True(feed.TryGet(seq, out var entry));
        Assert.Equal(4, entry.Offset);
    }
}
