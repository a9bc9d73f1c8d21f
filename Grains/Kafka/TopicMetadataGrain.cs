using EventStreams.Grains.Interfaces.Kafka;
using Orleans.Concurrency;

namespace EventStreams.Grains.Kafka;

/// <summary>Runs on every silo (stateless worker) so metadata look-ups never cross the network twice.</summary>
[StatelessWorker]
public sealed class TopicMetadataGrain(KafkaMetadataCache cache) : Grain, ITopicMetadataGrain
{
    public async Task<TopicPartitions[]> GetPartitions(string[] topics)
    {
        var counts = await cache.GetPartitionCountsAsync(topics);
        return [.. topics.Select(t => new TopicPartitions(t, counts.TryGetValue(t, out var n) ? n : 0))];
    }
}
