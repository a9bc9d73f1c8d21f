using System.Text.Json;

namespace EventStreams.Grains.Topics;

/// <summary>
/// Reads the few librdkafka statistics we export from the JSON its statistics callback delivers
/// (every statistics.interval.ms, on the consumer's own thread).
/// </summary>
internal static class ConsumerStatistics
{
    public static void Apply(string json, string topic, string partition)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        if (root.TryGetProperty("rxmsgs", out var rxMessages))
        {
            TopicMetrics.KafkaRxMessages.WithLabels(topic, partition).Set(rxMessages.GetDouble());
        }
        if (root.TryGetProperty("rxmsg_bytes", out var rxBytes))
        {
            TopicMetrics.KafkaRxBytes.WithLabels(topic, partition).Set(rxBytes.GetDouble());
        }
        if (root.TryGetProperty("topics", out var topics)
            && topics.TryGetProperty(topic, out var topicStats)
            && topicStats.TryGetProperty("partitions", out var partitions)
            && partitions.TryGetProperty(partition, out var stats))
        {
            if (stats.TryGetProperty("fetchq_cnt", out var queued))
            {
                TopicMetrics.KafkaFetchQueueMessages.WithLabels(topic, partition).Set(queued.GetDouble());
            }
            if (stats.TryGetProperty("fetchq_size", out var queuedBytes))
            {
                TopicMetrics.KafkaFetchQueueBytes.WithLabels(topic, partition).Set(queuedBytes.GetDouble());
            }
        }
    }
}
