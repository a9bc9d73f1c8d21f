using System.Text.Json;
using EventStreams.Gateway.Filtering;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The distinct filters of a feed's connections, each in a slot of a 64-bit mask that every
/// appended <see cref="FeedEntry"/> carries: the feed parses an event once and evaluates each
/// distinct filter once, and connections with equal filters share the bit. A slot is valid for
/// entries appended from its <see cref="FeedFilterLease.ValidFrom"/> on (the slot may have served
/// another filter before); a connection evaluates older entries, and filters beyond the 64th,
/// itself. Guarded by the feed's append lock.
/// </summary>
internal sealed class FeedFilters(int capacity = FeedFilters.DefaultCapacity)
{
    public const int Slots = 64;

    // For tests that make a FeedFilters of their own; a feed passes its ring's size.
    private const int DefaultCapacity = 1024;

    private readonly Slot?[] _slots = new Slot?[Slots];
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);

    /// <summary>Slots in use; when 0 an append evaluates nothing (unfiltered streams pay nothing).</summary>
    public int Count => _byKey.Count;

    public FeedFilterLease Acquire(EventFilter filter, long head)
    {
        if (_byKey.TryGetValue(filter.Key, out var index))
        {
            var slot = _slots[index]!;
            slot.Users++;
            return new FeedFilterLease(slot.Filter, index, slot.ValidFrom, slot.Matches);
        }
        var free = Array.IndexOf(_slots, null);
        if (free < 0)
        {
            return new FeedFilterLease(filter, -1, long.MaxValue, null); // evaluated per connection
        }
        var created = new Slot(filter, head, new FilterMatches(capacity));
        _slots[free] = created;
        _byKey[filter.Key] = free;
        return new FeedFilterLease(filter, free, head, created.Matches);
    }

    public void Release(FeedFilterLease lease)
    {
        if (lease.Slot < 0 || _slots[lease.Slot] is not { } slot || --slot.Users > 0)
        {
            return;
        }
        _slots[lease.Slot] = null;
        _byKey.Remove(slot.Filter.Key);
    }

    /// <summary>Records that the entry at <paramref name="sequence"/> matched the slots of <paramref name="mask"/>.</summary>
    public void Record(long sequence, ulong mask)
    {
        while (mask != 0)
        {
            var slot = System.Numerics.BitOperations.TrailingZeroCount(mask);
            _slots[slot]?.Matches.Add(sequence);
            mask &= mask - 1;
        }
    }

    /// <summary>The mask of the filters <paramref name="eventJson"/> matches: one parse, one evaluation per distinct filter.</summary>
    public ulong Evaluate(byte[] eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        var root = document.RootElement;
        var matches = 0UL;
        for (var i = 0; i < _slots.Length; i++)
        {
            if (_slots[i] is { } slot && slot.Filter.Matches(root))
            {
                matches |= 1UL << i;
            }
        }
        return matches;
    }

    private sealed class Slot(EventFilter filter, long validFrom, FilterMatches matches)
    {
        public EventFilter Filter { get; } = filter;

        public long ValidFrom { get; } = validFrom;

        public FilterMatches Matches { get; } = matches;

        public int Users { get; set; } = 1;
    }
}
