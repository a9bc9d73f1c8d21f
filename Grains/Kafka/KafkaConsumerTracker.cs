using System.Collections.Concurrent;

namespace EventStreams.Grains.Kafka;

/// <summary>
/// Counts the Kafka consumers this silo holds open, per topic-partition.
/// The design promises exactly one per partition in use, however many clients read it.
/// </summary>
public sealed class KafkaConsumerTracker
{
    private readonly ConcurrentDictionary<(string Topic, int Partition), int> _open = new();

    public void Opened(string topic, int partition) => _open.AddOrUpdate((topic, partition), 1, static (_, n) => n + 1);

    public void Closed(string topic, int partition) => _open.AddOrUpdate((topic, partition), 0, static (_, n) => Math.Max(0, n - 1));

    public int OpenFor(string topic, int partition) => _open.TryGetValue((topic, partition), out var n) ? n : 0;

    public int Total => _open.Values.Sum();
}
