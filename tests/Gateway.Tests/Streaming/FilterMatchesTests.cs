using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class FilterMatchesTests
{
    [Fact]
    public void FirstAtOrAfter_SequencesAdded_FindsTheFirstNotBelow()
    {
        var matches = new FilterMatches(capacity: 8);
        foreach (var sequence in new long[] { 3, 7, 8, 20 })
        {
            matches.Add(sequence);
        }

        Assert.Equal(0, matches.FirstAtOrAfter(0));
        Assert.Equal(1, matches.FirstAtOrAfter(4));
        Assert.Equal(2, matches.FirstAtOrAfter(8));
        Assert.Equal(4, matches.FirstAtOrAfter(21)); // none: Count
        Assert.True(matches.TryGet(3, out var last));
        Assert.Equal(20, last);
    }

    [Fact]
    public void TryGet_IndexTheRingOverwrote_False()
    {
        var matches = new FilterMatches(capacity: 4);
        for (var sequence = 0L; sequence < 10; sequence++)
        {
            matches.Add(sequence * 2);
        }

        Assert.False(matches.TryGet(5, out _)); // 10 added, ring of 4: indexes 6..9 remain
        Assert.True(matches.TryGet(6, out var kept));
        Assert.Equal(12, kept);
        Assert.Equal(6, matches.FirstAtOrAfter(0)); // the oldest still held
        Assert.False(matches.TryGet(10, out _)); // not added yet
    }
}
