namespace EventStreams.Bench.Load;

/// <summary>What the end-of-run check found over a load process's clients.</summary>
/// <param name="TailLost">Events produced after the last one a client received, summed over clients.</param>
/// <param name="PartitionsNeverSeen">Client partitions with events produced of which the client received none.</param>
/// <param name="ClientsExact">Clients that received every event of their share once and nothing else.</param>
/// <param name="ClientsShort">Clients that missed at least one event of their share (a gap, or the tail).</param>
/// <param name="ClientsDuplicated">Clients that received an event twice.</param>
/// <param name="ClientsWrongFilter">Clients that received an event their filter does not keep.</param>
public sealed record ShareSummary(long TailLost, long PartitionsNeverSeen, int ClientsExact, int ClientsShort, int ClientsDuplicated, int ClientsWrongFilter);

/// <summary>
/// The end-of-run check: given the producer's last sequence numbers, did each client get all of
/// its share (every event of every partition; a filtered client every event of its bucket)?
/// </summary>
public static class ShareCheck
{
    /// <summary>
    /// Events a client never received at the end, from the next it expected to the last produced
    /// per partition (<paramref name="last"/>; -1: nothing produced there), and the partitions it
    /// received nothing from although something was produced (it cannot tell where it started).
    /// </summary>
    public static (long Missing, int NeverSeen) Tail(long[] next, long[] last)
    {
        long missing = 0;
        var neverSeen = 0;
        for (var p = 0; p < last.Length; p++)
        {
            if (last[p] < 0)
            {
                continue;
            }
            if (p >= next.Length || next[p] < 0)
            {
                neverSeen++;
            }
            else if (next[p] <= last[p])
            {
                missing += last[p] + 1 - next[p];
            }
        }
        return (missing, neverSeen);
    }

    /// <summary>
    /// The last sequence number per partition of a client's share: the partition's for an
    /// unfiltered client, else its bucket's in each partition (<paramref name="bucketLast"/> holds
    /// them at [partition × buckets + bucket]).
    /// </summary>
    public static long[] LastOfShare(int bucket, long[] last, long[] bucketLast)
    {
        if (bucket == SseSocketClient.Unfiltered)
        {
            return last;
        }
        if (last.Length == 0 || bucketLast.Length % last.Length != 0 || bucket >= bucketLast.Length / last.Length)
        {
            throw new ArgumentException($"No last sequence numbers for bucket {bucket} over {last.Length} partitions.", nameof(bucketLast));
        }
        var buckets = bucketLast.Length / last.Length;
        return [.. Enumerable.Range(0, last.Length).Select(p => bucketLast[p * buckets + bucket])];
    }

    public static ShareSummary Summarize(IEnumerable<SseSocketClient> clients, long[] last, long[] bucketLast)
    {
        long tailLost = 0, neverSeen = 0;
        int exact = 0, shortOfShare = 0, duplicated = 0, wrong = 0;
        foreach (var client in clients)
        {
            var (missing, blind) = Tail(client.NextSequences, LastOfShare(client.Bucket, last, bucketLast));
            tailLost += missing;
            neverSeen += blind;
            shortOfShare += missing > 0 || client.Lost > 0 ? 1 : 0;
            duplicated += client.Duplicates > 0 ? 1 : 0;
            wrong += client.WrongFilter > 0 ? 1 : 0;
            exact += missing == 0 && blind == 0 && client.Lost == 0 && client.Duplicates == 0 && client.WrongFilter == 0 ? 1 : 0;
        }
        return new ShareSummary(tailLost, neverSeen, exact, shortOfShare, duplicated, wrong);
    }
}
