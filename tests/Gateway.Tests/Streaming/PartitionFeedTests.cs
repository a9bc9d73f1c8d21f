using System.Text;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class PartitionFeedTests
{
    internal static EventBatch Batch(string topic, int partition, params long[] offsets) =>
        new(topic, partition, [.. offsets.Select(o => new EncodedEvent(o, 1_700_000_000_000 + o, Encoding.UTF8.GetBytes($"{{\"o\":{o}}}")))]);

    [Fact]
    public void OnEvents_Batch_AppendsInOrderWithIdEntries()
    {
        var feed = new PartitionFeed("eqiad.rc", 3, capacity: 16);
        _ = feed.OnEvents(Batch("eqiad.rc", 3, 10, 11));

        Assert.Equal(2, feed.Head);
        Assert.True(feed.TryGet(1, out var entry));
        Assert.Equal(11, entry.Offset);
        Assert.Equal("""{"topic":"eqiad.rc","partition":3,"timestamp":1700000000012}""", Encoding.UTF8.GetString(entry.IdEntry));
        Assert.Equal("""{"topic":"eqiad.rc","partition":3,"offset":-1}""", Encoding.UTF8.GetString(feed.LatestIdEntry));
    }

    [Fact]
    public void OnEvents_OffsetsAlreadySeen_AreNotAppendedAgain()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16);
        _ = feed.OnEvents(Batch("t", 0, 1, 2, 3));
        _ = feed.OnEvents(Batch("t", 0, 2, 3, 4));

        Assert.Equal(4, feed.Head);
        Assert.Equal([1, 2, 3, 4], Enumerable.Range(0, 4).Select(i => { feed.TryGet(i, out var e); return e.Offset; }));
    }

    [Fact]
    public void TryGet_EntryOverwrittenByWrapAround_ReturnsFalse()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16);
        _ = feed.OnEvents(Batch("t", 0, [.. Enumerable.Range(0, 20).Select(i => (long)i)]));

        Assert.False(feed.TryGet(3, out _));
        Assert.True(feed.TryGet(4, out var oldest));
        Assert.Equal(4, oldest.Offset);
    }

    [Fact]
    public void OnEvents_WithListeners_WakesEachOnce()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16);
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
