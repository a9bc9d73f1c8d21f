using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

/// <summary>F1 reads the service's counters out of its /metrics.</summary>
public sealed class ServiceCountersTests
{
    [Fact]
    public void Parse_Scrape_ReadsTheCountersAndZeroForAbsentOnes()
    {
        const string scrape = """
            # TYPE eventstreams_feed_events_total counter
            eventstreams_feed_events_total 200000
            eventstreams_filter_evaluations_total 1E+07
            eventstreams_events_delivered_total 123
            """;

        Assert.Equal(new ServiceCounters(2.5, 0.5, 200_000, 10_000_000, 123, 0), ServiceCounters.Parse(2.5, 0.5, scrape));
    }

    [Fact]
    public void Subtract_TwoReadings_WhatHappenedBetween()
    {
        Assert.Equal(new ServiceCounters(1, 2, 3, 4, 5, 6), new ServiceCounters(2, 4, 6, 8, 10, 12) - new ServiceCounters(1, 2, 3, 4, 5, 6));
    }
}
