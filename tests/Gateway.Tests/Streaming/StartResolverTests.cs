using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class StartResolverTests
{
    /// <summary>Answers every look-up with a fixed offset and counts them.</summary>
    private sealed class CountingHistory : IHistorySource
    {
        public int Lookups { get; private set; }

        public Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset) => throw new NotSupportedException();

        public Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start)
        {
            Lookups++;
            return Task.FromResult(new ResolvedStart(-42, "timestamp"));
        }
    }

    private static PartitionFeed FeedWith(params long[] offsets)
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Append(PartitionFeedTests.Batch("t", 0, offsets)); // timestamps 1700000000000 + offset
        return feed;
    }

    [Fact]
    public async Task ResolveAsync_IdOfAnEventTheFeedHolds_ItsOffsetWithoutAskingKafka()
    {
        var history = new CountingHistory();
        var feed = FeedWith(10, 11, 12);

        // The id after offset 11: {"timestamp": ts(11) + 1, "offset": 12}.
        var start = await new StartResolver(history).ResolveAsync(feed, new StartRequest(12, 1_700_000_000_011 + 1));

        Assert.Equal(new ResolvedStart(12), start);
        Assert.Equal(0, history.Lookups);
    }

    [Theory]
    [InlineData(12L, 1_700_000_000_500L)] // another cluster's id: same offset, another timestamp
    [InlineData(40L, 1_700_000_000_040L)] // before it is not in the ring
    public async Task ResolveAsync_NotProvenByTheRing_AsksThePartitionReaders(long offset, long timestamp)
    {
        var history = new CountingHistory();

        var start = await new StartResolver(history).ResolveAsync(FeedWith(10, 11, 12), new StartRequest(offset, timestamp));

        Assert.Equal(-42, start.Offset);
        Assert.Equal(1, history.Lookups);
    }

    [Fact]
    public async Task ResolveAsync_TimestampOnly_AsksThePartitionReaders()
    {
        var history = new CountingHistory();

        await new StartResolver(history).ResolveAsync(FeedWith(10, 11), new StartRequest(null, 1_700_000_000_011));

        Assert.Equal(1, history.Lookups);
    }
}
