using EventStreams.Gateway.Filtering;
using EventStreams.Gateway.Streaming;
using EventStreams.Gateway.Telemetry;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Tests.Streaming;

/// <summary>A feed counts its appends and filter evaluations (once per batch), which the bench's F1 reads.</summary>
[Collection(StaticMetricsCollection.Name)]
public sealed class PartitionFeedMetricsTests
{
    private static EventFilter Filter(string where)
    {
        Assert.True(FilterParser.TryParse(new StringValues(where), StringValues.Empty, out var filter, out _));
        return filter!;
    }

    [Fact]
    public void Append_TwoDistinctFilters_CountsEventsAndTwoEvaluationsPerEvent()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.AcquireFilter(Filter("o=1"));
        feed.AcquireFilter(Filter("o=2"));
        feed.AcquireFilter(Filter("o=1")); // equal to the first: no third evaluation
        var (events, evaluations) = (GatewayMetrics.FeedEvents.Value, GatewayMetrics.FilterEvaluations.Value);

        feed.Append(PartitionFeedTests.Batch("t", 0, 0, 1, 2));

        Assert.Equal((events + 3, evaluations + 6), (GatewayMetrics.FeedEvents.Value, GatewayMetrics.FilterEvaluations.Value));
    }

    [Fact]
    public void Append_NoFilters_CountsEventsAndNoEvaluation()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        var (events, evaluations) = (GatewayMetrics.FeedEvents.Value, GatewayMetrics.FilterEvaluations.Value);

        feed.Append(PartitionFeedTests.Batch("t", 0, 0, 1));

        Assert.Equal((events + 2, evaluations), (GatewayMetrics.FeedEvents.Value, GatewayMetrics.FilterEvaluations.Value));
    }
}
