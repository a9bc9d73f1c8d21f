using System.Text;
using System.Text.Json;
using EventStreams.Bench.Produce;

namespace EventStreams.Bench.Tests.Produce;

/// <summary>The producer's events: what the load client's checks rely on.</summary>
public sealed class EventStamperTests
{
    private static JsonElement Parse(byte[] value) => JsonDocument.Parse(value).RootElement;

    [Fact]
    public void Next_WithBuckets_BucketsCycleInEachPartitionAndCountPerPartitionAndBucket()
    {
        var stamper = new EventStamper(partitions: 2, buckets: 3, size: 200);

        var events = Enumerable.Range(0, 12).Select(_ => (Event: Parse(stamper.Next(1000, out var p)), Partition: p)).ToArray();

        Assert.Equal([0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1], events.Select(e => e.Partition));
        var partition0 = events.Where(e => e.Partition == 0).Select(e => e.Event).ToArray();
        Assert.Equal([0, 1, 2, 3, 4, 5], partition0.Select(e => e.GetProperty("seq").GetInt64()));
        Assert.Equal([0, 1, 2, 0, 1, 2], partition0.Select(e => e.GetProperty("b").GetInt32()));
        Assert.Equal([0, 0, 0, 1, 1, 1], partition0.Select(e => e.GetProperty("bs").GetInt64()));
        Assert.All(events, e => Assert.Equal(e.Partition, e.Event.GetProperty("p").GetInt32()));
    }

    [Fact]
    public void Next_WithBuckets_FieldsTheLoadClientReadsComeFirst()
    {
        var stamper = new EventStamper(partitions: 2, buckets: 50, size: 1024);

        var text = Encoding.UTF8.GetString(stamper.Next(1764633600000, out _));

        Assert.StartsWith("""{"ts":1764633600000,"seq":0,"p":0,"b":0,"bs":0,"pad":""", text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    public void Next_EventOfAboutTheRequestedSize_WithinFivePercentBelow(int buckets)
    {
        var stamper = new EventStamper(partitions: 2, buckets: buckets, size: 1024);

        var length = stamper.Next(1764633600000, out _).Length;

        // The bench has always padded to a little under the size (the stamp is shorter than allowed for).
        Assert.InRange(length, 973, 1024);
    }

    [Fact]
    public void Next_WithoutBuckets_NoBucketFields()
    {
        var stamper = new EventStamper(partitions: 1, buckets: 0, size: 100);

        var e = Parse(stamper.Next(1, out _));

        Assert.False(e.TryGetProperty("b", out _));
        Assert.Empty(stamper.LastBucketSequences);
    }

    [Fact]
    public void LastSequences_AfterEvents_LastOfEachPartitionAndBucketOrMinusOne()
    {
        var stamper = new EventStamper(partitions: 2, buckets: 3, size: 100);
        for (var i = 0; i < 8; i++)
        {
            stamper.Next(1, out _);
        }

        // Partition 0 got buckets 0,1,2,0; partition 1 the same.
        Assert.Equal([3L, 3L], stamper.LastSequences);
        Assert.Equal([1L, 0L, 0L, 1L, 0L, 0L], stamper.LastBucketSequences);
        Assert.Equal([-1L, -1L, -1L], new EventStamper(1, 3, 100).LastBucketSequences);
    }
}
