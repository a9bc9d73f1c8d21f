using System.Globalization;

namespace EventStreams.Bench.Run;

/// <summary>Reads single values out of a Prometheus text exposition (what /metrics answers).</summary>
public static class PrometheusText
{
    /// <summary>
    /// The value of the sample named exactly <paramref name="metric"/> with no labels (e.g.
    /// prometheus-net's <c>dotnet_total_memory_bytes</c>), or null when there is none.
    /// </summary>
    public static double? Value(string text, string metric)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length <= metric.Length || line[0] == '#' || !line.StartsWith(metric, StringComparison.Ordinal) || line[metric.Length] != ' ')
            {
                continue;
            }
            // "name value [timestamp]"
            var fields = line[(metric.Length + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length > 0 && double.TryParse(fields[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                return value;
            }
        }
        return null;
    }
}
