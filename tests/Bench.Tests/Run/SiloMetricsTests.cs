using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

/// <summary>Which partitions a silo consumes, from its /metrics (C2 kills the silo with the most).</summary>
public sealed class SiloMetricsTests
{
    private const string Scrape = """
        # HELP eventstreams_topic_subscribers Gateway nodes subscribed to a TopicGrain (each fans out to its own connections).
        # TYPE eventstreams_topic_subscribers gauge
        eventstreams_topic_subscribers{topic="bench.failover",partition="3"} 2
        eventstreams_topic_subscribers{topic="bench.failover",partition="1"} 2
        eventstreams_topic_subscribers{topic="other",partition="0"} 1
        eventstreams_topic_subscribers_total{topic="bench.failover",partition="0"} 9
        eventstreams_topic_events_total{topic="bench.failover",partition="0"} 120
        """;

    [Fact]
    public void PartitionsConsumed_SubscriberLines_ThePartitionsOfThatTopic()
    {
        Assert.Equal([1, 3], SiloMetrics.PartitionsConsumed(Scrape, "bench.failover"));
        Assert.Equal([0], SiloMetrics.PartitionsConsumed(Scrape, "other"));
        Assert.Empty(SiloMetrics.PartitionsConsumed(Scrape, "absent"));
    }

    [Fact]
    public void PartitionsConsumed_LabelsInAnotherOrder_StillFound()
    {
        Assert.Equal([5], SiloMetrics.PartitionsConsumed("eventstreams_topic_subscribers{partition=\"5\",topic=\"t\"} 1\n", "t"));
    }
}
