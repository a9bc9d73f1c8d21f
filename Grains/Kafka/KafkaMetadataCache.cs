using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Kafka;

/// <summary>
/// Partition counts of every topic, refreshed at most every <see cref="MaxAge"/>. One metadata
/// request serves every connect in that window, where the original fetched full cluster metadata
/// once per HTTP client. Callers that need a refresh while one is running share it, and a failed
/// refresh is remembered for <see cref="FailureMemory"/>: while Kafka is down, a burst of connects
/// costs one probe of at most <see cref="KafkaOptions.MetadataTimeout"/> and each gets its 503 then,
/// where requests used to queue one timeout after another (17 s for one, 30 s for several).
/// </summary>
public sealed class KafkaMetadataCache(IKafkaMetadataSource source, IOptions<KafkaOptions> options, TimeProvider time, ILogger<KafkaMetadataCache> logger)
{
    // Long enough that a connect storm costs one request, short enough that a new topic shows up quickly.
    internal static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(5);

    // A topic we have not seen may have just been created; look again, but not on every request.
    internal static readonly TimeSpan UnknownTopicRetry = TimeSpan.FromSeconds(1);

    // How long "Kafka did not answer" is the answer without asking again: a probe per second at most.
    internal static readonly TimeSpan FailureMemory = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();
    private IReadOnlyDictionary<string, int> _partitions = new Dictionary<string, int>();
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;
    private (DateTimeOffset At, Exception Error)? _failure;
    private Task<IReadOnlyDictionary<string, int>>? _refresh;

    public Task<IReadOnlyDictionary<string, int>> GetPartitionCountsAsync(IReadOnlyCollection<string> topics)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (!NeedsRefresh(topics, now))
            {
                return Task.FromResult(_partitions);
            }
            if (_failure is { } failure && now - failure.At < FailureMemory)
            {
                return Task.FromException<IReadOnlyDictionary<string, int>>(failure.Error);
            }
            return _refresh ??= RefreshAsync();
        }
    }

    private async Task<IReadOnlyDictionary<string, int>> RefreshAsync()
    {
        try
        {
            // A blocking librdkafka call: on a thread of its own, off the grain scheduler and the pool.
            var counts = await Task.Factory.StartNew(() => source.GetPartitionCounts(options.Value.MetadataTimeout),
                CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            lock (_lock)
            {
                _partitions = counts;
                _fetchedAt = time.GetUtcNow();
                _failure = null;
            }
            logger.LogDebug("Kafka metadata refreshed: {TopicCount} topics", counts.Count);
            return counts;
        }
        catch (Exception e)
        {
            lock (_lock)
            {
                _failure = (time.GetUtcNow(), e);
            }
            logger.LogWarning("Kafka metadata could not be read within {Timeout}: {Error}", options.Value.MetadataTimeout, e.Message);
            throw;
        }
        finally
        {
            lock (_lock)
            {
                _refresh = null;
            }
        }
    }

    private bool NeedsRefresh(IReadOnlyCollection<string> topics, DateTimeOffset now)
    {
        var age = now - _fetchedAt;
        return age >= MaxAge || (age >= UnknownTopicRetry && !topics.All(_partitions.ContainsKey));
    }
}
