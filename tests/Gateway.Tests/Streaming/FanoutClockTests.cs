using EventStreams.Gateway.Streaming;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class FanoutClockTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(300);

    private sealed class CountingListener : IFeedListener
    {
        private int _wakes;

        public int Wakes => Volatile.Read(ref _wakes);

        public void Wake() => Interlocked.Increment(ref _wakes);
    }

    [Fact]
    public void MarkDirty_QuietNode_WakesAtOnceThenCoalescesTheNextBatchesIntoOneRound()
    {
        var time = new FakeTimeProvider();
        using var clock = new FanoutClock(Options.Create(new GatewayOptions { FanoutInterval = Interval }), time);
        var a = new PartitionFeed("a", 0, 16, clock, time);
        var b = new PartitionFeed("b", 0, 16, clock, time);
        var listener = new CountingListener();
        a.AddListener(listener);
        b.AddListener(listener);

        a.Append(PartitionFeedTests.Batch("a", 0, 1));
        var afterFirst = listener.Wakes;
        a.Append(PartitionFeedTests.Batch("a", 0, 2));
        b.Append(PartitionFeedTests.Batch("b", 0, 1));
        a.Append(PartitionFeedTests.Batch("a", 0, 3));
        var beforeRound = listener.Wakes;
        time.Advance(Interval - TimeSpan.FromMilliseconds(1));
        var justBefore = listener.Wakes;
        time.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(1, afterFirst);
        Assert.Equal(1, beforeRound);
        Assert.Equal(1, justBefore);
        // One round for three batches: each dirty feed wakes its listeners once.
        Assert.Equal(3, listener.Wakes);
    }

    [Fact]
    public void MarkDirty_QuietForAnInterval_WakesAtOnceAgain()
    {
        var time = new FakeTimeProvider();
        using var clock = new FanoutClock(Options.Create(new GatewayOptions { FanoutInterval = Interval }), time);
        var feed = new PartitionFeed("a", 0, 16, clock, time);
        var listener = new CountingListener();
        feed.AddListener(listener);

        feed.Append(PartitionFeedTests.Batch("a", 0, 1));
        time.Advance(Interval);
        feed.Append(PartitionFeedTests.Batch("a", 0, 2));

        Assert.Equal(2, listener.Wakes);
    }
}
