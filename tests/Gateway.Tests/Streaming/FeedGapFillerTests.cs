using EventStreams.Gateway.Telemetry;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Gateway.Tests.Streaming;

[Collection(StaticMetricsCollection.Name)]
public sealed class FeedGapFillerTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>History of every offset below <see cref="End"/>; each read can be held back or made to fail.</summary>
    private sealed class ControlledHistory : IHistorySource
    {
        public long End { get; set; } = long.MaxValue;

        public int Chunk { get; init; } = 4;

        public Func<long, bool> Fails { get; init; } = _ => false;

        public TaskCompletionSource? Gate { get; set; }

        public List<long> Reads { get; } = [];

        public Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start) => throw new NotSupportedException();

        public async Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset)
        {
            lock (Reads)
            {
                Reads.Add(fromOffset);
            }
            if (Gate is { } gate)
            {
                await gate.Task;
            }
            await Task.Yield();
            if (Fails(fromOffset))
            {
                throw new InvalidOperationException("no broker");
            }
            var to = Math.Min(End, fromOffset + Chunk);
            return PartitionFeedTests.Batch(topic, partition, [.. LongRange(fromOffset, to)]) with { FromOffset = fromOffset, NextOffset = Math.Max(fromOffset, to) };
        }
    }

    private static IEnumerable<long> LongRange(long from, long to)
    {
        for (var o = from; o < to; o++)
        {
            yield return o;
        }
    }

    private static (PartitionFeed Feed, FeedGapFiller Filler) Create(IHistorySource history, TimeProvider? time = null, int capacity = 64)
    {
        var feed = new PartitionFeed("t", 0, capacity, Clocks.Immediate);
        return (feed, new FeedGapFiller(feed, history, time ?? TimeProvider.System, NullLogger.Instance));
    }

    private static List<long> Offsets(PartitionFeed feed)
    {
        var offsets = new List<long>();
        for (var seq = Math.Max(0, feed.Head - feed.Capacity); seq < feed.Head; seq++)
        {
            Assert.True(feed.TryGet(seq, out var entry));
            offsets.Add(entry.Offset);
        }
        return offsets;
    }

    private static async Task UntilAsync(Func<bool> condition, FakeTimeProvider? time = null)
    {
        using var cts = new CancellationTokenSource(Deadline);
        while (!condition())
        {
            time?.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(5, cts.Token);
        }
    }

    [Fact]
    public async Task OnEvents_ContiguousBatches_AppendedWithoutReadingHistory()
    {
        var history = new ControlledHistory();
        var (feed, filler) = Create(history);

        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0, 1, 2));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 3, 4));

        Assert.Equal([0, 1, 2, 3, 4], Offsets(feed));
        Assert.Empty(history.Reads);
    }

    [Fact]
    public async Task OnEvents_BatchAfterAGap_MissingOffsetsComeFromHistoryFirstThenTheBatch()
    {
        var history = new ControlledHistory { Chunk = 3 };
        var (feed, filler) = Create(history);
        var gapsBefore = GatewayMetrics.FeedGaps.Value;
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0, 1, 2, 3));

        // The grain came back on another silo and starts at 10: 4..9 never arrived.
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 10, 11));
        await UntilAsync(() => !filler.Filling);

        Assert.Equal([.. LongRange(0, 12)], Offsets(feed));
        Assert.Equal([4L, 7L], history.Reads);
        Assert.Equal(gapsBefore + 1, GatewayMetrics.FeedGaps.Value);
    }

    [Fact]
    public async Task OnEvents_WhileFilling_LaterBatchesWaitAndFollowInOrder()
    {
        var history = new ControlledHistory { Chunk = 100, Gate = new TaskCompletionSource() };
        var (feed, filler) = Create(history);
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 5, 6));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 7));
        // An old activation still delivering overlaps what the new one sent: offsets are taken once.
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 6, 7, 8));
        Assert.True(filler.Filling);
        Assert.Equal([0L], Offsets(feed));

        history.End = 5; // the reader has what the live consumer had when it moved
        history.Gate.SetResult();
        await UntilAsync(() => !filler.Filling);

        Assert.Equal([.. LongRange(0, 9)], Offsets(feed));
    }

    [Fact]
    public async Task OnSubscribed_GrainStartsAheadOfAQuietFeed_FillsWithoutWaitingForEvents()
    {
        var history = new ControlledHistory();
        var (feed, filler) = Create(history);
        filler.OnSubscribed(new Subscription(0, Continued: false));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0, 1));

        // The grain was lost and its new activation could not resume at 2 (say, too far back for it):
        filler.OnSubscribed(new Subscription(6, Continued: false));
        await UntilAsync(() => feed.Position == 6 && !filler.Filling);

        Assert.Equal([.. LongRange(0, 6)], Offsets(feed));
    }

    [Fact]
    public async Task OnSubscribed_GrainResumedWhereTheFeedStopped_NoHistoryRead()
    {
        var history = new ControlledHistory();
        var (feed, filler) = Create(history);
        filler.OnSubscribed(new Subscription(0, Continued: false));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0, 1));

        filler.OnSubscribed(new Subscription(2, Continued: false));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 2));

        Assert.Equal([0L, 1L, 2L], Offsets(feed));
        Assert.Empty(history.Reads);
    }

    [Fact]
    public async Task OnEvents_GapWiderThanCanBeFilled_ResetsTheFeedAtTheBatch()
    {
        var history = new ControlledHistory();
        var (feed, filler) = Create(history);
        var resetsBefore = GatewayMetrics.FeedResets.WithLabels("gap_too_wide").Value;
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0));

        var far = FeedGapFiller.MaxGapToFill + 10;
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, far));

        Assert.Equal(1, feed.Generation);
        Assert.Equal(far + 1, feed.Position);
        Assert.Empty(history.Reads);
        Assert.Equal(resetsBefore + 1, GatewayMetrics.FeedResets.WithLabels("gap_too_wide").Value);
    }

    [Fact]
    public async Task OnEvents_HistoryKeepsFailing_ResetsAfterTheLastAttemptAndReleasesTheBatch()
    {
        var time = new FakeTimeProvider();
        var history = new ControlledHistory { Fails = _ => true };
        var (feed, filler) = Create(history, time);
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0));

        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 5, 6));
        await UntilAsync(() => !filler.Filling, time);

        Assert.Equal(FeedGapFiller.MaxReadAttempts, history.Reads.Count);
        Assert.Equal(1, feed.Generation);
        Assert.Equal(7, feed.Position);
        Assert.True(feed.TryFindStart(5, out _, out _));
    }

    [Fact]
    public async Task OnEvents_MoreHeldThanTheRingWhileFilling_ResetsInsteadOfGrowing()
    {
        var history = new ControlledHistory { Gate = new TaskCompletionSource() };
        var (feed, filler) = Create(history, capacity: 16);
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, [.. LongRange(10, 20)]));
        Assert.True(filler.Filling);

        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, [.. LongRange(20, 30)]));

        Assert.False(filler.Filling);
        Assert.Equal(1, feed.Generation);
        Assert.Equal(30, feed.Position);
        history.Gate.SetResult(); // the abandoned fill's read lands and changes nothing
        await Task.Delay(50);
        Assert.Equal(30, feed.Position);
    }

    [Fact]
    public async Task OnEvents_OffsetsWentBack_FeedStartsOverAndTakesTheLowerOffsets()
    {
        var history = new ControlledHistory { Gate = new TaskCompletionSource() };
        var (feed, filler) = Create(history);
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 300, 301));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 310)); // a gap: filling, held
        Assert.True(filler.Filling);

        // The broker came back empty: its new offsets start at 0 again.
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0, 1, 2) with { OffsetsReset = true });
        history.Gate.SetResult();

        Assert.False(filler.Filling);
        Assert.Equal(1, feed.Generation);
        Assert.Equal(3, feed.Position);
        Assert.True(feed.TryFindStart(0, out var sequence, out _));
        Assert.True(feed.TryGet(sequence, out var first));
        Assert.Equal(0, first.Offset);
    }

    [Fact]
    public async Task OnSubscribed_OffsetsReset_EventsThatCameFirstAreFilledNotLost()
    {
        var history = new ControlledHistory();
        var (feed, filler) = Create(history);
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 300, 301));

        // A new grain on the new log pushes offsets 0..1 before its subscription's answer arrives.
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 0, 1));
        filler.OnSubscribed(new Subscription(0, Continued: false, OffsetsReset: true));
        await filler.OnEvents(PartitionFeedTests.Batch("t", 0, 2, 3));
        await UntilAsync(() => !filler.Filling && feed.Position == 4);

        Assert.True(feed.TryFindStart(0, out var sequence, out _));
        Assert.Equal([0L, 1L, 2L, 3L], Enumerable.Range(0, 4).Select(i => { feed.TryGet(sequence + i, out var e); return e.Offset; }));
    }

    [Fact]
    public async Task Silence_KeepAlivesAndSubscriptions_ResetIt()
    {
        var time = new FakeTimeProvider();
        var (_, filler) = Create(new ControlledHistory(), time);
        time.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(TimeSpan.FromSeconds(5), filler.Silence);

        await filler.OnEvents(PartitionFeedTests.Batch("t", 0) with { FromOffset = 0, NextOffset = 0 });
        Assert.Equal(TimeSpan.Zero, filler.Silence);
        time.Advance(TimeSpan.FromSeconds(2));
        filler.OnSubscribed(new Subscription(0, Continued: true));
        Assert.Equal(TimeSpan.Zero, filler.Silence);
    }
}
