namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The feed sequences one filter slot matched, in order, in a ring as large as the feed's: the
/// connections of that filter read it instead of visiting every event of the feed, so their work
/// follows their share (bench F1: 5,000 connections each testing every one of 10,000 events/s was
/// 50 million visits a second to find a million deliveries). One writer (the feed's append, under
/// its lock); readers without a lock: a sequence is written before <see cref="Count"/> is published,
/// and the feed publishes its head after both.
/// </summary>
internal sealed class FilterMatches(int capacity)
{
    private readonly long[] _sequences = new long[capacity];
    private readonly long _mask = capacity - 1;
    private long _count;

    /// <summary>How many matches were ever added; the newest is at <c>Count - 1</c>.</summary>
    public long Count => Volatile.Read(ref _count);

    public int Capacity => _sequences.Length;

    public void Add(long sequence)
    {
        _sequences[_count & _mask] = sequence;
        Volatile.Write(ref _count, _count + 1);
    }

    /// <summary>The sequence of match <paramref name="index"/>, unless the ring has overwritten it since.</summary>
    public bool TryGet(long index, out long sequence)
    {
        sequence = Volatile.Read(ref _sequences[index & _mask]);
        // Read the count after the value: if it moved a whole ring past the index meanwhile, the value may be newer.
        return Count - index <= _sequences.Length && index < Count;
    }

    /// <summary>The index of the first match at or after <paramref name="sequence"/> still in the ring (Count when none).</summary>
    public long FirstAtOrAfter(long sequence)
    {
        var hi = Count;
        var lo = Math.Max(0, hi - _sequences.Length);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (TryGet(mid, out var s) && s < sequence)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }
}
