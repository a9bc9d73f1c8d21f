using System.Globalization;

namespace EventStreams.Bench.Run;

/// <summary>Starts the bench's own child processes: producers and load clients.</summary>
public sealed class BenchChildren(string benchDll, string bootstrap, int eventBytes)
{
    /// <summary>
    /// A producer of <paramref name="rate"/> events/s for <paramref name="seconds"/> (or
    /// <paramref name="count"/> events at once); it answers with each partition's last sequence
    /// number when done, or when asked "stop". With <paramref name="buckets"/>, events carry a bucket
    /// and a sequence number per partition and bucket (F1's filters select buckets).
    /// </summary>
    public Child Produce(string topic, int partitions, double rate, double seconds, long count = 0, int buckets = 0) =>
        Child.Start(benchDll, "produce", bootstrap, topic, Invariant(partitions), Invariant(rate), Invariant(seconds), Invariant(eventBytes), Invariant(count), Invariant(buckets));

    /// <summary>A load process whose clients take turns over <paramref name="servers"/> (host:port each).</summary>
    public Child Load(IEnumerable<string> servers, int bufferBytes = 0) =>
        Child.Start(benchDll, "load", string.Join(',', servers), Invariant(bufferBytes));

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
