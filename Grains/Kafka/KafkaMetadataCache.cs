using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.Kafka;

/// <summary>
/// Partition counts of every topic, refreshed at most every <see cref="MaxAge"/>.
/// One metadata request serves every connect in that window, where the original fetched
/// full cluster metadata once per HTTP client.
/// </summary>
public sealed class KafkaMetadataCache(KafkaClientFactory clients, ILogger<KafkaMetadataCache> logger) : IDisposable
{
    // Long enough that a connect storm costs one request, short enough that a new topic shows up quickly.
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    // A topic we have not seen may have just been created; look again, but not on every request.
    private static readonly TimeSpan UnknownTopicRetry = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refreshLock = new(1, 1);
    private readonly Lazy<IAdminClient> _admin = new(clients.CreateAdminClient);
    private IReadOnlyDictionary<string, int> _partitions = new Dictionary<string, int>();
    private DateTime _fetchedAt = DateTime.MinValue;

    public async Task<IReadOnlyDictionary<string, int>> GetPartitionCountsAsync(IReadOnlyCollection<string> topics)
    {
        if (!NeedsRefresh(topics))
        {
            return _partitions;
        }
        await _refreshLock.WaitAsync();
        try
        {
            if (NeedsRefresh(topics))
            {
                // GetMetadata is a blocking librdkafka call; keep it off the grain scheduler.
                var metadata = await Task.Run(() => _admin.Value.GetMetadata(clients.Options.RequestTimeout));
                _partitions = metadata.Topics
                    .Where(t => t.Error.Code == Confluent.Kafka.ErrorCode.NoError && !t.Topic.StartsWith("__", StringComparison.Ordinal))
                    .ToDictionary(t => t.Topic, t => t.Partitions.Count, StringComparer.Ordinal);
                _fetchedAt = DateTime.UtcNow;
                logger.LogDebug("Kafka metadata refreshed: {TopicCount} topics", _partitions.Count);
            }
            return _partitions;
        }
        finally
        {
            _refreshLock.Release();
        }
    }

    private bool NeedsRefresh(IReadOnlyCollection<string> topics)
    {
        var age = DateTime.UtcNow - _fetchedAt;
        return age >= MaxAge || (age >= UnknownTopicRetry && !topics.All(_partitions.ContainsKey));
    }

    public void Dispose()
    {
        if (_admin.IsValueCreated)
        {
            _admin.Value.Dispose();
        }
        _refreshLock.Dispose();
    }
}
