using System.Text;
using EventStreams.Gateway.Filtering;
using EventStreams.Gateway.Streaming;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Tests.Filtering;

public sealed class FeedFiltersTests
{
    private static EventFilter Filter(params string[] where)
    {
        Assert.True(FilterParser.TryParse(new StringValues(where), new StringValues("include"), out var filter, out _));
        return filter!;
    }

    [Fact]
    public void Acquire_EqualFilters_ShareOneSlot()
    {
        var filters = new FeedFilters();

        var a = filters.Acquire(Filter("wiki=enwiki", "type=edit"), head: 5);
        var b = filters.Acquire(Filter("type=edit", "wiki=enwiki"), head: 9);

        Assert.Equal(a.Slot, b.Slot);
        Assert.Equal(5, b.ValidFrom); // the slot's, not the second connection's
        Assert.Equal(1, filters.Count);
    }

    [Fact]
    public void Evaluate_DistinctFilters_OneBitEach()
    {
        var filters = new FeedFilters();
        var en = filters.Acquire(Filter("wiki=enwiki"), 0);
        var de = filters.Acquire(Filter("wiki=dewiki"), 0);
        var edits = filters.Acquire(Filter("type=edit"), 0);

        var mask = filters.Evaluate(Encoding.UTF8.GetBytes("""{"wiki":"enwiki","type":"edit"}"""));

        Assert.Equal((1UL << en.Slot) | (1UL << edits.Slot), mask);
        Assert.Equal(0UL, mask & (1UL << de.Slot));
    }

    [Fact]
    public void Release_LastUser_FreesTheSlotForAnotherFilterValidFromItsHead()
    {
        var filters = new FeedFilters();
        var first = filters.Acquire(Filter("wiki=enwiki"), 0);
        var second = filters.Acquire(Filter("wiki=enwiki"), 3);
        filters.Release(first);
        Assert.Equal(1, filters.Count);
        filters.Release(second);
        Assert.Equal(0, filters.Count);

        var other = filters.Acquire(Filter("wiki=dewiki"), 40);

        Assert.Equal(first.Slot, other.Slot);
        Assert.Equal(40, other.ValidFrom);
    }

    [Fact]
    public void Matches_EntryOlderThanTheSlot_EvaluatedByTheConnection()
    {
        var lease = new FeedFilterLease(Filter("wiki=enwiki"), Slot: 3, ValidFrom: 10, SlotMatches: null);
        var data = Encoding.UTF8.GetBytes("""{"wiki":"enwiki"}""");

        // Before ValidFrom the mask bit belonged to another filter: ignored.
        Assert.True(lease.Matches(new FeedEntry(9, 9, 0, 0, data, [], matches: 0)));
        // From ValidFrom on, the shared bit decides.
        Assert.False(lease.Matches(new FeedEntry(10, 10, 0, 0, data, [], matches: 0)));
        Assert.True(lease.Matches(new FeedEntry(11, 11, 0, 0, data, [], matches: 1UL << 3)));
    }

    [Fact]
    public void Acquire_MoreThan64DistinctFilters_TheRestEvaluatedPerConnection()
    {
        var filters = new FeedFilters();
        for (var i = 0; i < FeedFilters.Slots; i++)
        {
            Assert.True(filters.Acquire(Filter($"n={i}"), 0).Slot >= 0);
        }

        var extra = filters.Acquire(Filter("n=64"), 0);

        Assert.Equal(-1, extra.Slot);
        Assert.True(extra.Matches(new FeedEntry(1, 1, 0, 0, Encoding.UTF8.GetBytes("""{"n":64}"""), [], matches: 0)));
    }

    [Fact]
    public void Record_MaskOfTwoSlots_EachSlotListsTheSequence()
    {
        var filters = new FeedFilters();
        var en = filters.Acquire(Filter("wiki=enwiki"), 0);
        var edits = filters.Acquire(Filter("type=edit"), 0);

        filters.Record(5, filters.Evaluate(Encoding.UTF8.GetBytes("""{"wiki":"enwiki","type":"edit"}""")));
        filters.Record(6, filters.Evaluate(Encoding.UTF8.GetBytes("""{"wiki":"dewiki","type":"edit"}""")));

        Assert.Equal(1, en.SlotMatches!.Count);
        Assert.True(en.SlotMatches.TryGet(0, out var enSequence));
        Assert.Equal(5, enSequence);
        Assert.Equal(2, edits.SlotMatches!.Count);
        Assert.True(edits.SlotMatches.TryGet(1, out var editSequence));
        Assert.Equal(6, editSequence);
    }
}
