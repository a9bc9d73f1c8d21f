using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The partitions this node reads: one feed and one TopicGrain subscription per partition,
/// however many connections share it. It renews subscriptions (which also re-activates a
/// TopicGrain lost with a silo) and drops feeds no connection has used for a grace period.
/// </summary>
internal sealed class PartitionFeedRegistry(
    IGrainFactory grains,
    FanoutClock clock,
    IOptions<GatewayOptions> options,
    ILogger<PartitionFeedRegistry> logger) : BackgroundService
{
    private readonly GatewayOptions _options = options.Value;
    private readonly Dictionary<(string Topic, int Partition), FeedSubscription> _feeds = [];
    private readonly Lock _lock = new();

    /// <summary>Returns the feed once its TopicGrain subscription is in place; pair with <see cref="Release"/>.</summary>
    public async Task<PartitionFeed> AcquireAsync(string topic, int partition)
    {
        FeedSubscription subscription;
        lock (_lock)
        {
            if (!_feeds.TryGetValue((topic, partition), out subscription!))
            {
                var feed = new PartitionFeed(topic, partition, _options.FeedBufferEvents, clock);
                subscription = new FeedSubscription(feed, grains.CreateObjectReference<ITopicObserver>(feed));
                subscription.Subscribed = SubscribeAsync(subscription, renewal: false);
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
                subscription.IdleSince = DateTime.UtcNow;
            }
        }
    }

    private async Task<Subscription> SubscribeAsync(FeedSubscription s, bool renewal)
    {
        var subscription = await grains.GetGrain<ITopicGrain>(s.Feed.Partition, s.Feed.Topic).Subscribe(s.Reference);
        if (renewal && !subscription.Continued)
        {
            // The grain had lost us (failover, or we fell too far behind): live connections miss
            // what was produced in between; resumes with Last-Event-ID read it from history.
            logger.LogWarning("Subscription to {Topic}/{Partition} was renewed from scratch at offset {Offset}; live connections may have a gap",
                s.Feed.Topic, s.Feed.Partition, subscription.FromOffset);
        }
        s.Feed.OnSubscribed(subscription);
        return subscription;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.ResubscribeInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await RenewAsync();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        await UnsubscribeAllAsync();
    }

    private async Task RenewAsync()
    {
        List<FeedSubscription> renew = [], drop = [];
        lock (_lock)
        {
            foreach (var (key, s) in _feeds)
            {
                if (s.Users == 0 && s.IdleSince is { } idle && DateTime.UtcNow - idle >= _options.FeedIdleGracePeriod)
                {
                    drop.Add(s);
                    _feeds.Remove(key);
                }
                else if (s.Subscribed.IsCompleted)
                {
                    renew.Add(s);
                }
            }
        }
        foreach (var s in renew)
        {
            try
            {
                await SubscribeAsync(s, renewal: true);
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not renew the subscription to {Topic}/{Partition}; retrying in {Interval}",
                    s.Feed.Topic, s.Feed.Partition, _options.ResubscribeInterval);
            }
        }
        foreach (var s in drop)
        {
            await UnsubscribeAsync(s);
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

    private sealed class FeedSubscription(PartitionFeed feed, ITopicObserver reference)
    {
        public PartitionFeed Feed { get; } = feed;
        public ITopicObserver Reference { get; } = reference;
        public Task<Subscription> Subscribed { get; set; } = Task.FromResult(new Subscription(0, false));
        public int Users { get; set; }
        public DateTime? IdleSince { get; set; }
    }
}
