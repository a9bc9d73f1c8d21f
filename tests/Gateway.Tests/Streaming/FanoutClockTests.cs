using EventStreams.Gateway.Streaming;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class FanoutClockTests
{
    private sealed class CountingListener : IFeedListener
    {
        private int _wakes;

        public int Wakes => Volatile.Read(ref _wakes);

        public void Wake() => Interlocked.Increment(ref _wakes);
    }

    [Fact]
    public async Task MarkDirty_QuietNode_WakesAtOnceThenCoalescesTheNextBatchesIntoOneRound()
    {
        using var clock = new FanoutClock(Options.Create(new GatewayOptions { FanoutInterval = TimeSpan.FromMilliseconds(300) }));
        var a = new PartitionFeed("a", 0, 16, clock);
        var b = new PartitionFeed("b", 0, 16, clock);
        var listener = new CountingListener();
        a.AddListener(listener);
        b.AddListener(listener);

        a.Append(PartitionFeedTests.Batch("a", 0, 1));
        var afterFirst = listener.Wakes;
        a.Append(PartitionFeedTests.Batch("a", 0, 2));
        b.Append(PartitionFeedTests.Batch("b", 0, 1));
        a.Append(PartitionFeedTests.Batch("a", 0, 3));
        var beforeRound = listener.Wakes;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (listener.Wakes < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20);
        }

        Assert.Equal(1, afterFirst);
        Assert.Equal(1, beforeRound);
        // One round for three batches: each dirty feed wakes its listeners once.
        Assert.Equal(3, listener.Wakes);
        Assert.Equal(4, a.Head + b.Head);
    }
}
