using System.Globalization;
using System.Text;

namespace EventStreams.Grains.Events;

/// <summary>
/// A topic-partition with the forms its events and metrics need, made once per partition rather
/// than once per event: the topic as UTF-8 (written into every event's meta.topic) and the
/// partition as a metric label.
/// </summary>
public sealed class PartitionName(string topic, int partition)
{
    public string Topic { get; } = topic;

    public int Partition { get; } = partition;

    public byte[] TopicUtf8 { get; } = Encoding.UTF8.GetBytes(topic);

    public string PartitionLabel { get; } = partition.ToString(CultureInfo.InvariantCulture);
}
