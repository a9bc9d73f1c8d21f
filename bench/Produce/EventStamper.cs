using System.Text;

namespace EventStreams.Bench.Produce;

/// <summary>
/// Builds the producer's events. Event i goes to partition i mod partitions and starts
/// {"ts":&lt;produce time ms&gt;,"seq":&lt;n&gt;,"p":&lt;partition&gt;, with seq counting per partition from 0.
/// With buckets (F1), it goes on ,"b":&lt;bucket&gt;,"bs":&lt;n&gt;: the bucket cycles through 0..buckets-1
/// within each partition, and bs counts per partition and bucket from 0, so a client filtered on
/// one bucket can tell a lost or repeated event of its share. Then a pad to about the requested size.
/// </summary>
public sealed class EventStamper
{
    // The fields before the pad take about this many bytes ({"ts":1764633600000,"seq":…,"p":…,"pad":"…"}).
    private const int StampBytes = 80;
    // ,"b":49,"bs":1234567 and the like.
    private const int BucketStampBytes = 20;

    private readonly int _partitions, _buckets;
    private readonly long[] _seqs;
    private readonly long[] _bucketSeqs;
    private readonly string _pad;
    private long _index;

    public EventStamper(int partitions, int buckets, int size)
    {
        _partitions = partitions;
        _buckets = buckets;
        _seqs = new long[partitions];
        _bucketSeqs = new long[partitions * buckets];
        _pad = new string('x', Math.Max(0, size - StampBytes - (buckets > 0 ? BucketStampBytes : 0)));
    }

    /// <summary>The next event, produced at <paramref name="nowMs"/>, and the partition it goes to.</summary>
    public byte[] Next(long nowMs, out int partition)
    {
        partition = (int)(_index % _partitions);
        var seq = _seqs[partition]++;
        string text;
        if (_buckets > 0)
        {
            var bucket = (int)(_index / _partitions % _buckets);
            var bucketSeq = _bucketSeqs[partition * _buckets + bucket]++;
            text = $"{{\"ts\":{nowMs},\"seq\":{seq},\"p\":{partition},\"b\":{bucket},\"bs\":{bucketSeq},\"pad\":\"{_pad}\"}}";
        }
        else
        {
            text = $"{{\"ts\":{nowMs},\"seq\":{seq},\"p\":{partition},\"pad\":\"{_pad}\"}}";
        }
        _index++;
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The last sequence number of each partition (-1: none yet).</summary>
    public long[] LastSequences => [.. _seqs.Select(s => s - 1)];

    /// <summary>The last bucket sequence number of each partition and bucket, at [partition × buckets + bucket] (-1: none yet).</summary>
    public long[] LastBucketSequences => [.. _bucketSeqs.Select(s => s - 1)];
}
