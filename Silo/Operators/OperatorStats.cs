using EventStreams.Grains.Interfaces.Clients;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Silo.Operators;

/// <summary>
/// Gathers the operators' page: every silo's TopicGrain and ClientIpGrain activations, found
/// with Orleans' management grain, each asked for its status. A refresh is capped in the grains
/// it reads and in the calls it has in flight, and its result serves every request for a
/// couple of seconds, so open pages cost the cluster the same however many there are.
/// Each TopicGrain reports the silo it answers from itself, which saves a directory lookup per grain.
/// </summary>
internal sealed class OperatorStats(IGrainFactory grains, TimeProvider time, ILogger<OperatorStats> logger)
{
    /// <summary>Most TopicGrains read per refresh: every partition of Wikimedia's streams several times over.</summary>
    public const int MaxTopicGrains = 2_000;

    /// <summary>
    /// Most ClientIpGrains read per refresh. The busiest IPs are looked for among these; an
    /// abusive client holds its slots for as long as it is connected, so it stays in view.
    /// </summary>
    public const int MaxClientIpGrains = 1_000;

    /// <summary>The client IPs the page lists: enough to spot who is using up connection slots.</summary>
    public const int TopClientIps = 20;

    // The page polls every 2 s: several pages, or a reload storm, share one read of the cluster.
    private static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(2);

    // Enough calls at once that 3,000 reads take well under a second, few enough not to crowd
    // the silos' request queues.
    private const int MaxConcurrentReads = 16;

    // A grain that has not answered by then is counted as unreadable rather than waited for
    // (Orleans' own response timeout is 30 s).
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(5);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private OperatorSnapshot? _cached;

    /// <summary>The latest snapshot, refreshed when it is older than a couple of seconds.</summary>
    public async Task<OperatorSnapshot> GetAsync(CancellationToken cancellationToken)
    {
        if (Fresh(_cached) is { } cached)
        {
            return cached;
        }
        await _refresh.WaitAsync(cancellationToken);
        try
        {
            // Whoever waited behind a refresh takes its result.
            return Fresh(_cached) ?? (_cached = await ReadAsync());
        }
        finally
        {
            _refresh.Release();
        }
    }

    private OperatorSnapshot? Fresh(OperatorSnapshot? snapshot) =>
        snapshot is not null && time.GetUtcNow() - snapshot.GeneratedAt < CacheFor ? snapshot : null;

    private async Task<OperatorSnapshot> ReadAsync()
    {
        var management = grains.GetGrain<IManagementGrain>(0);
        // A reference carries its grain type; making one activates nothing.
        var topicType = grains.GetGrain<ITopicGrain>(0, "-").GetGrainId().Type;
        var clientIpType = grains.GetGrain<IClientIpGrain>("-").GetGrainId().Type;

        var topicIds = await management.GetActiveGrains(topicType);
        var (statuses, topicsUnreadable) = await ReadEachAsync(topicIds, MaxTopicGrains,
            id => grains.GetGrain<ITopicGrain>(id).GetStatus());

        var clientIpIds = await management.GetActiveGrains(clientIpType);
        var (slots, clientIpsUnreadable) = await ReadEachAsync(clientIpIds, MaxClientIpGrains,
            async id => new ClientIpSlots(id.Key.ToString(), await grains.GetGrain<IClientIpGrain>(id).CountOpen()));

        return new OperatorSnapshot(
            time.GetUtcNow(),
            new GrainCounts(topicIds.Count, Math.Min(topicIds.Count, MaxTopicGrains), topicsUnreadable),
            [.. statuses.OrderBy(s => s.Topic, StringComparer.Ordinal).ThenBy(s => s.Partition)],
            new GrainCounts(clientIpIds.Count, Math.Min(clientIpIds.Count, MaxClientIpGrains), clientIpsUnreadable),
            [.. slots.Where(s => s.Slots > 0)
                .OrderByDescending(s => s.Slots).ThenBy(s => s.ClientIp, StringComparer.Ordinal)
                .Take(TopClientIps)]);
    }

    /// <summary>Reads at most <paramref name="cap"/> grains, a few at a time; grains that fail or time out are counted, not listed.</summary>
    private async Task<(List<T> Values, int Unreadable)> ReadEachAsync<T>(List<GrainId> ids, int cap, Func<GrainId, Task<T>> read)
        where T : class
    {
        var results = new T?[Math.Min(ids.Count, cap)];
        var unreadable = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, results.Length),
            new ParallelOptions { MaxDegreeOfParallelism = MaxConcurrentReads },
            async (i, _) =>
            {
                try
                {
                    results[i] = await read(ids[i]).WaitAsync(ReadTimeout);
                }
                catch (Exception e)
                {
                    // A grain deactivating or a silo leaving mid-refresh: the next refresh sees the new state.
                    Interlocked.Increment(ref unreadable);
                    logger.LogDebug("Operators' page: could not read {GrainId}: {Error}", ids[i], e.Message);
                }
            });
        return ([.. results.OfType<T>()], unreadable);
    }
}
