using System.Globalization;
using System.Text.RegularExpressions;

namespace EventStreams.Bench.Run;

/// <summary>
/// Reads a silo's Prometheus text: a silo exports eventstreams_topic_subscribers{topic,partition}
/// only for the TopicGrains active on it, so those lines say which partitions it consumes.
/// </summary>
public static partial class SiloMetrics
{
    private const string SubscribersMetric = "eventstreams_topic_subscribers{";

    /// <summary>The partitions of <paramref name="topic"/> whose TopicGrain the silo that wrote <paramref name="metrics"/> hosts, ascending.</summary>
    public static int[] PartitionsConsumed(string metrics, string topic)
    {
        var partitions = new SortedSet<int>();
        foreach (var line in metrics.Split('\n'))
        {
            if (!line.StartsWith(SubscribersMetric, StringComparison.Ordinal))
            {
                continue;
            }
            var labels = line[SubscribersMetric.Length..line.IndexOf('}', StringComparison.Ordinal)];
            var values = Label().Matches(labels).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (values.GetValueOrDefault("topic") == topic
                && int.TryParse(values.GetValueOrDefault("partition"), NumberStyles.None, CultureInfo.InvariantCulture, out var partition))
            {
                partitions.Add(partition);
            }
        }
        return [.. partitions];
    }

    [GeneratedRegex("""(\w+)="([^"]*)"(?:,|$)""")]
    private static partial Regex Label();
}
