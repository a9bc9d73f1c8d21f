using System.Collections.Concurrent;
using Prometheus;

namespace EventStreams.Grains.Kafka;

/// <summary>
/// Counts the Kafka consumers this silo holds open, per topic-partition and role, and exports
/// the totals as <c>eventstreams_kafka_consumers{role}</c>. The design promises exactly one live
/// consumer per partition in use, however many clients read it, and history readers bounded per
/// partition, never one per client: this is where an operator sees that hold.
/// </summary>
public sealed class KafkaConsumerTracker
{
    private static readonly Gauge Consumers = Metrics.CreateGauge(
        "eventstreams_kafka_consumers",
        "Kafka consumers this silo holds open: role=live (one per partition in use in the cluster) or history (partition readers, a few per partition).",
        "role");

    private readonly ConcurrentDictionary<(string Topic, int Partition, ConsumerRole Role), int> _open = new();

    public void Opened(string topic, int partition, ConsumerRole role)
    {
        _open.AddOrUpdate((topic, partition, role), 1, static (_, n) => n + 1);
        Consumers.WithLabels(Label(role)).Inc();
    }

    public void Closed(string topic, int partition, ConsumerRole role)
    {
        _open.AddOrUpdate((topic, partition, role), 0, static (_, n) => Math.Max(0, n - 1));
        Consumers.WithLabels(Label(role)).Dec();
    }

    private static string Label(ConsumerRole role) => role == ConsumerRole.Live ? "live" : "history";

    /// <summary>Open live consumers of a partition.</summary>
    public int OpenFor(string topic, int partition, ConsumerRole role = ConsumerRole.Live) =>
        _open.TryGetValue((topic, partition, role), out var n) ? n : 0;

    /// <summary>Open consumers of a role across all partitions.</summary>
    public int Total(ConsumerRole role = ConsumerRole.Live) => _open.Where(kv => kv.Key.Role == role).Sum(kv => kv.Value);
}
