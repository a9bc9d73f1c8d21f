using Prometheus;

namespace EventStreams.Grains.Topics;

/// <summary>
/// Prometheus metrics of the per-partition consumers and TopicGrains (on the silo that hosts them),
/// labelled by topic and partition. Updated per batch, per subscription change or per sampling
/// interval, never per event.
/// </summary>
public static class TopicMetrics
{
    private static readonly string[] Partition = ["topic", "partition"];

    public static readonly Gauge Subscribers = Metrics.CreateGauge(
        "eventstreams_topic_subscribers",
        "Gateway nodes subscribed to a TopicGrain (each fans out to its own connections).",
        Partition);

    public static readonly Counter SubscriberDrops = Metrics.CreateCounter(
        "eventstreams_topic_subscriber_drops_total",
        "Gateways a TopicGrain stopped delivering to: reason=backlog (too many events queued for it), "
        + "delivery_failed (a call to it failed), delivery_timeout (a call was not answered) or lease_expired (it stopped renewing). A live gateway re-subscribes.",
        [.. Partition, "reason"]);

    public static readonly Counter OffsetResets = Metrics.CreateCounter(
        "eventstreams_consumer_offset_resets_total",
        "Times a partition's offsets went back under its consumer (the topic was recreated, a broker came back empty, "
        + "an unclean leader election truncated it); subscribers start over. Alert on any.",
        Partition);

    public static readonly Counter EventsConsumed = Metrics.CreateCounter(
        "eventstreams_topic_events_total",
        "Events a TopicGrain took from its Kafka consumer and passed on to its subscribers.",
        Partition);

    public static readonly Gauge ConsumerPosition = Metrics.CreateGauge(
        "eventstreams_consumer_position",
        "The next offset the partition's consumer will read (sampled).",
        Partition);

    public static readonly Gauge ConsumerHighWatermark = Metrics.CreateGauge(
        "eventstreams_consumer_high_watermark",
        "The partition's high watermark as the consumer last saw it (sampled).",
        Partition);

    public static readonly Gauge ConsumerLag = Metrics.CreateGauge(
        "eventstreams_consumer_lag",
        "High watermark minus the consumer's position: messages produced but not yet consumed (sampled).",
        Partition);

    // Selected librdkafka statistics of each partition's consumer (one client per partition).
    public static readonly Gauge KafkaRxMessages = Metrics.CreateGauge(
        "eventstreams_kafka_consumer_rx_messages",
        "librdkafka statistics: messages the partition's consumer has received from brokers (rxmsgs).",
        Partition);

    public static readonly Gauge KafkaRxBytes = Metrics.CreateGauge(
        "eventstreams_kafka_consumer_rx_bytes",
        "librdkafka statistics: message bytes the partition's consumer has received from brokers (rxmsg_bytes).",
        Partition);

    public static readonly Gauge KafkaFetchQueueMessages = Metrics.CreateGauge(
        "eventstreams_kafka_consumer_fetch_queue_messages",
        "librdkafka statistics: messages fetched and waiting in the consumer's queue (fetchq_cnt).",
        Partition);

    public static readonly Gauge KafkaFetchQueueBytes = Metrics.CreateGauge(
        "eventstreams_kafka_consumer_fetch_queue_bytes",
        "librdkafka statistics: bytes fetched and waiting in the consumer's queue (fetchq_size).",
        Partition);

    private static readonly Gauge[] ConsumerGauges =
        [ConsumerPosition, ConsumerHighWatermark, ConsumerLag, KafkaRxMessages, KafkaRxBytes, KafkaFetchQueueMessages, KafkaFetchQueueBytes];

    /// <summary>Forgets a stopped consumer's gauges, so a partition nobody reads leaves no stale series.</summary>
    public static void RemoveConsumer(string topic, string partition)
    {
        foreach (var gauge in ConsumerGauges)
        {
            gauge.RemoveLabelled(topic, partition);
        }
    }
}
