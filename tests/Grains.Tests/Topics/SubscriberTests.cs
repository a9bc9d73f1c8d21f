using EventStreams.Grains.Interfaces.Topics;
using EventStreams.Grains.Topics;

namespace EventStreams.Grains.Tests.Topics;

public sealed class SubscriberTests
{
    private static EventBatch Batch(long from, params long[] offsets) =>
        new("t", 0, from, [.. offsets.Select(o => new EncodedEvent(o, o, []))], offsets.Length == 0 ? from : offsets[^1] + 1);

    private static Subscriber Create() => new(null!, DateTimeOffset.UnixEpoch);

    [Fact]
    public void Take_BatchesThatFollowEachOther_OneCall()
    {
        var subscriber = Create();
        subscriber.Add(Batch(0, 0, 1));
        subscriber.Add(Batch(2, 2));

        var batch = subscriber.Take("t", 0, maxEvents: 100);

        Assert.Equal((0L, 3L, 3), (batch.FromOffset, batch.NextOffset, batch.Events.Length));
        Assert.False(subscriber.HasPending);
    }

    [Fact]
    public void Take_BatchAfterAGap_SentOnItsOwn()
    {
        var subscriber = Create();
        subscriber.Add(Batch(0, 0, 1));
        subscriber.Add(Batch(7, 7)); // the consumer restarted further on

        Assert.Equal(2, subscriber.Take("t", 0, 100).NextOffset);
        Assert.Equal(7, subscriber.Take("t", 0, 100).FromOffset);
    }

    [Fact]
    public void Take_ResetBatch_NeverMergedAndItsRemainderIsNoReset()
    {
        var subscriber = Create();
        subscriber.Add(Batch(300, 300));
        subscriber.Add(Batch(0, 0, 1, 2, 3) with { OffsetsReset = true }); // the offsets went back

        var before = subscriber.Take("t", 0, 100);
        var reset = subscriber.Take("t", 0, maxEvents: 2);
        var rest = subscriber.Take("t", 0, 100);

        Assert.False(before.OffsetsReset);
        Assert.Equal((true, 0L, 2L), (reset.OffsetsReset, reset.FromOffset, reset.NextOffset));
        Assert.Equal((false, 2L, 4L), (rest.OffsetsReset, rest.FromOffset, rest.NextOffset));
    }

    [Fact]
    public void Take_ResetBatchThatHappensToStartWhereTheLastEnded_StillItsOwnCall()
    {
        var subscriber = Create();
        subscriber.Add(Batch(0, 0));
        subscriber.Add(Batch(1, 1) with { OffsetsReset = true });

        Assert.Single(subscriber.Take("t", 0, 100).Events);
        Assert.True(subscriber.Take("t", 0, 100).OffsetsReset);
    }
}
