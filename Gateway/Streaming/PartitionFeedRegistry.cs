using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Telemetry;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The partitions this node reads: one feed and one TopicGrain subscription per partition,
/// however many connections share it. One loop keeps them all: it renews each subscription every
/// <see cref="GatewayOptions.ResubscribeInterval"/> (the grain's lease), resubscribes at once a
/// feed whose grain went silent (its silo died: the call activates it on a live silo, which
/// resumes at the feed's next offset), resubscribes everything when the cluster connection comes
/// back, and drops feeds no connection has used for a grace period.
/// </summary>
internal sealed class PartitionFeedRegistry(
    IGrainFactory grains,
    FanoutClock clock,
    IHistorySource history,
    ClusterConnection cluster,
    TimeProvider time,
    IOptions<GatewayOptions> options,
    ILogger<PartitionFeedRegistry> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private readonly Dictionary<(string Topic, int Partition), FeedSubscription> _feeds = [];
    private readonly Lock _lock = new();
    private volatile bool _resubscribeAll;

    /// <summary>Returns the feed once its TopicGrain subscription is in place; pair with <see cref="Release"/>.</summary>
    public async Task<PartitionFeed> AcquireAsync(string topic, int partition)
    {
        FeedSubscription subscription;
        lock (_lock)
        {
            if (!_feeds.TryGetValue((topic, partition), out subscription!))
            {
                var feed = new PartitionFeed(topic, partition, _options.FeedBufferEvents, clock, time);
                var filler = new FeedGapFiller(feed, history, time, logger);
                subscription = new FeedSubscription(filler, grains.CreateObjectReference<ITopicObserver>(filler));
                subscription.Subscribed = SubscribeAsync(subscription, "new");
                _feeds[(topic, partition)] = subscription;
            }
            subscription.Users++;
            subscription.IdleSince = null;
        }
        try
        {
            await subscription.Subscribed;
            return subscription.Feed;
        }
        catch
        {
            lock (_lock)
            {
                subscription.Users--;
                // Forget a failed subscription so the next client tries again.
                if (_feeds.TryGetValue((topic, partition), out var current) && current == subscription && subscription.Subscribed.IsFaulted)
                {
                    _feeds.Remove((topic, partition));
                    grains.DeleteObjectReference<ITopicObserver>(subscription.Reference);
                }
            }
            throw;
        }
    }

    public void Release(PartitionFeed feed)
    {
        lock (_lock)
        {
            if (_feeds.TryGetValue((feed.Topic, feed.Partition), out var subscription) && --subscription.Users == 0)
            {
                subscription.IdleSince = time.GetUtcNow();
            }
        }
    }

    private async Task<Subscription> SubscribeAsync(FeedSubscription s, string reason)
    {
        var feed = s.Feed;
        var resumeFrom = feed.Position;
        var subscription = await grains.GetGrain<ITopicGrain>(feed.Partition, feed.Topic).Subscribe(s.Reference, resumeFrom)
            .WaitAsync(_options.SubscribeTimeout, time);
        lock (_lock)
        {
            s.LastSubscribedAt = time.GetUtcNow();
        }
        if (!subscription.Continued && resumeFrom >= 0)
        {
            logger.LogWarning("Resubscribed to {Topic}/{Partition} from scratch ({Reason}): the grain starts at offset {Offset}, this node expected {Expected}",
                feed.Topic, feed.Partition, reason, subscription.FromOffset, resumeFrom);
        }
        s.Filler.OnSubscribed(subscription);
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        cluster.Recovered += OnClusterRecovered;
        // Several checks per silence timeout, so a silent grain is noticed soon after it goes quiet.
        using var timer = new PeriodicTimer(_options.FeedSilenceTimeout / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await TickAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            cluster.Recovered -= OnClusterRecovered;
        }
        await UnsubscribeAllAsync();
    }

    private void OnClusterRecovered()
    {
        logger.LogInformation("The cluster connection is back: resubscribing every feed");
        _resubscribeAll = true;
    }

    /// <summary>One pass: which subscriptions to renew (and why), and which idle feeds to drop.</summary>
    internal async Task TickAsync()
    {
        var now = time.GetUtcNow();
        // While no silo is reachable every call would fail; the connection's return resubscribes everything.
        var connected = cluster.IsConnected;
        var all = connected && _resubscribeAll;
        if (all)
        {
            _resubscribeAll = false;
        }
        List<(FeedSubscription Subscription, string Reason)> renew = [];
        List<FeedSubscription> drop = [];
        lock (_lock)
        {
            foreach (var (key, s) in _feeds)
            {
                if (s.Users == 0 && s.IdleSince is { } idle && now - idle >= _options.FeedIdleGracePeriod)
                {
                    drop.Add(s);
                    _feeds.Remove(key);
                }
                else if (connected && s.Subscribed.IsCompleted && !s.Renewing)
                {
                    var reason = all ? "reconnected"
                        : s.Filler.Silence >= _options.FeedSilenceTimeout && !s.Filler.Filling ? "silence"
                        : now - s.LastSubscribedAt >= _options.ResubscribeInterval ? "renewal"
                        : null;
                    if (reason is not null)
                    {
                        s.Renewing = true;
                        renew.Add((s, reason));
                    }
                }
            }
        }
        // Each renewal runs on its own: a call that waits for a dead silo must not hold back the rest.
        foreach (var (s, reason) in renew)
        {
            _ = RenewAsync(s, reason);
        }
        foreach (var s in drop)
        {
            await UnsubscribeAsync(s);
        }
    }

    private async Task RenewAsync(FeedSubscription s, string reason)
    {
        if (reason != "renewal")
        {
            GatewayMetrics.FeedResubscriptions.WithLabels(reason).Inc();
            logger.LogInformation("Resubscribing to {Topic}/{Partition} ({Reason}; nothing heard for {Silence})",
                s.Feed.Topic, s.Feed.Partition, reason, s.Filler.Silence);
        }
        try
        {
            await SubscribeAsync(s, reason);
            if (s.FailedRenewals > 0)
            {
                logger.LogInformation("Resubscribed to {Topic}/{Partition} after {Failures} failed attempts", s.Feed.Topic, s.Feed.Partition, s.FailedRenewals);
            }
            s.FailedRenewals = 0;
        }
        catch (Exception e)
        {
            // Until a dead silo is declared dead (a few seconds) every attempt fails: say so once, not every second.
            if (++s.FailedRenewals == 1)
            {
                logger.LogWarning("Could not resubscribe to {Topic}/{Partition} ({Reason}); trying again every {Interval}: {Error}",
                    s.Feed.Topic, s.Feed.Partition, reason, _options.FeedSilenceTimeout / 3, e.Message);
            }
        }
        finally
        {
            lock (_lock)
            {
                s.Renewing = false;
            }
        }
    }

    private async Task UnsubscribeAllAsync()
    {
        List<FeedSubscription> all;
        lock (_lock)
        {
            all = [.. _feeds.Values];
            _feeds.Clear();
        }
        await Task.WhenAll(all.Select(UnsubscribeAsync));
    }

    private async Task UnsubscribeAsync(FeedSubscription s)
    {
        try
        {
            await grains.GetGrain<ITopicGrain>(s.Feed.Partition, s.Feed.Topic).Unsubscribe(s.Reference);
            logger.LogInformation("Unsubscribed from {Topic}/{Partition}", s.Feed.Topic, s.Feed.Partition);
        }
        catch (Exception e)
        {
            // The grain's lease drops us anyway.
            logger.LogDebug(e, "Unsubscribe from {Topic}/{Partition} failed", s.Feed.Topic, s.Feed.Partition);
        }
        finally
        {
            grains.DeleteObjectReference<ITopicObserver>(s.Reference);
        }
    }

    private sealed class FeedSubscription(FeedGapFiller filler, ITopicObserver reference)
    {
        public FeedGapFiller Filler { get; } = filler;
        public PartitionFeed Feed => Filler.Feed;
        public ITopicObserver Reference { get; } = reference;
        public Task<Subscription> Subscribed { get; set; } = Task.FromResult(new Subscription(0, false));
        public int Users { get; set; }
        public DateTimeOffset? IdleSince { get; set; }
        public DateTimeOffset LastSubscribedAt { get; set; }
        public bool Renewing { get; set; }
        public int FailedRenewals { get; set; }
    }
}
