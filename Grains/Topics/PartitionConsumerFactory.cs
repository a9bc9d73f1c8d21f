using EventStreams.Grains.Events;
using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Topics;

/// <summary>Makes the live consumer of a partition; the TopicGrain that asks owns it (and disposes it).</summary>
internal sealed class PartitionConsumerFactory(
    IOptions<TopicGrainOptions> options,
    KafkaClientFactory clients,
    KafkaConsumerTracker tracker,
    EventDecoder decoder,
    TimeProvider time,
    ILogger<PartitionConsumer> logger)
{
    /// <summary>A consumer that has not started yet: call <see cref="PartitionConsumer.Start"/>.</summary>
    public PartitionConsumer Create(string topic, int partition) =>
        new(topic, partition, options.Value, clients, tracker, decoder.ForPartition(topic, partition, logger, time), logger);
}
