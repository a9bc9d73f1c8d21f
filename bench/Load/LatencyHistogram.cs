namespace EventStreams.Bench.Load;

/// <summary>
/// Produce→receive latencies in 1 ms buckets up to a minute: fixed memory, mergeable across
/// processes, and cheap enough to record every delivery.
/// </summary>
public sealed class LatencyHistogram
{
    public const int MaxMilliseconds = 60_000;

    public long[] Buckets { get; init; } = new long[MaxMilliseconds + 1];

    public long Count { get; set; }

    /// <summary>The largest latency recorded; a field so it can be updated atomically.</summary>
    public long MaxField;

    public long Max { get => MaxField; set => MaxField = value; }

    public void Record(long milliseconds)
    {
        var bucket = Math.Clamp(milliseconds, 0, MaxMilliseconds);
        Buckets[bucket]++;
        Count++;
        if (milliseconds > Max)
        {
            Max = milliseconds;
        }
    }

    public void Add(LatencyHistogram other)
    {
        for (var i = 0; i < Buckets.Length; i++)
        {
            Buckets[i] += other.Buckets[i];
        }
        Count += other.Count;
        Max = Math.Max(Max, other.Max);
    }

    public long Percentile(double p)
    {
        var total = Buckets.Sum();
        if (total == 0)
        {
            return -1;
        }
        var rank = (long)Math.Ceiling(p / 100 * total);
        long seen = 0;
        for (var i = 0; i < Buckets.Length; i++)
        {
            seen += Buckets[i];
            if (seen >= rank)
            {
                return i;
            }
        }
        return MaxMilliseconds;
    }

    /// <summary>Compact form for passing between processes: only non-empty buckets.</summary>
    public Dictionary<int, long> ToSparse()
    {
        var sparse = new Dictionary<int, long>();
        for (var i = 0; i < Buckets.Length; i++)
        {
            if (Buckets[i] > 0)
            {
                sparse[i] = Buckets[i];
            }
        }
        return sparse;
    }

    public static LatencyHistogram FromSparse(Dictionary<int, long> sparse, long max)
    {
        var h = new LatencyHistogram { Max = max };
        foreach (var (bucket, count) in sparse)
        {
            h.Buckets[bucket] = count;
            h.Count += count;
        }
        return h;
    }
}
