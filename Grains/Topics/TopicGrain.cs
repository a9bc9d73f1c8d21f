using System.Globalization;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Topics;

/// <summary>
/// Owns the shared consumer of one topic-partition and fans each batch out once per
/// subscribed gateway (not once per client): gateways fan out to their own connections.
/// Each gateway gets its events in order, one call in flight at a time; events that arrive
/// meanwhile are coalesced into its next call, so a slow gateway never holds back the others.
/// Every batch says which offsets it covers, and a gateway that hears nothing gets a keep-alive,
/// so gateways notice a lost grain within seconds and a gap never goes unseen.
/// Metrics: subscribers, drops (with their reason) and events passed on, per partition. Its status
/// (for the operators' page) adds the events passed on per second and the consumer's last sample.
/// </summary>
[PartitionSpreadPlacement]
internal sealed class TopicGrain(
    IOptions<TopicGrainOptions> options,
    PartitionConsumerFactory consumers,
    TimeProvider time,
    ILocalSiloDetails silo,
    ILogger<TopicGrain> logger) : Grain, ITopicGrain
{
    private readonly TopicGrainOptions _options = options.Value;
    private readonly EventRate _rate = new(time);
    private readonly Dictionary<ITopicObserver, Subscriber> _subscribers = [];
    private string _topic = "";
    private int _partition;
    private PartitionConsumer? _consumer;
    private Task? _pump;
    private DateTimeOffset? _idleSince;
    private long _delivered;
    // The consumer position after the last batch handed to subscribers, and the timestamp of the
    // message just before it; -1 before the first batch.
    private long _pumpedOffset = -1;
    private long? _pumpedTimestamp;
    private string _partitionLabel = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = (int)this.GetPrimaryKeyLong(out var topic);
        _topic = topic ?? throw new InvalidOperationException("TopicGrain needs a topic as its key extension.");
        _partitionLabel = _partition.ToString(CultureInfo.InvariantCulture);
        this.RegisterGrainTimer(HousekeepAsync, _options.HousekeepingInterval, _options.HousekeepingInterval);
        this.RegisterGrainTimer(KeepAlive, _options.KeepaliveInterval, _options.KeepaliveInterval);
        return Task.CompletedTask;
    }

    public async Task<Subscription> Subscribe(ITopicObserver observer, long resumeFrom)
    {
        var continued = _subscribers.TryGetValue(observer, out var subscriber);
        if (continued)
        {
            subscriber!.RenewedAt = time.GetUtcNow();
        }
        else
        {
            subscriber = new Subscriber(observer, time.GetUtcNow());
            _subscribers[observer] = subscriber;
            SubscribersChanged();
        }
        _idleSince = null;
        var consumer = EnsureConsuming(resumeFrom);
        try
        {
            var start = await consumer.Started;
            // A subscriber that expects an offset beyond anything this partition ever reached here
            // knew it before its offsets went back: it must start over, not skip what is new.
            var reset = !continued && resumeFrom > consumer.HighestWatermark;
            // A new subscriber gets every batch pumped from now on: all events from this offset.
            return _pumpedOffset >= 0
                ? new Subscription(_pumpedOffset, continued, _pumpedTimestamp, reset)
                : new Subscription(start.Offset, continued, start.PreviousTimestamp, reset);
        }
        catch
        {
            // Let the next subscription try a fresh consumer instead of failing forever.
            await StopConsumingAsync();
            throw;
        }
    }

    public Task Unsubscribe(ITopicObserver observer)
    {
        if (_subscribers.Remove(observer))
        {
            SubscribersChanged();
        }
        return Task.CompletedTask;
    }

    public Task<TopicPartitionStatus> GetStatus()
    {
        var position = _consumer?.NextOffset ?? -1;
        var sampled = _consumer?.SampledHighWatermark ?? -1;
        // The sample may be older than the position; the partition reaches at least that far.
        var high = sampled < 0 || position < 0 ? -1 : Math.Max(sampled, position);
        return Task.FromResult(new TopicPartitionStatus(
            _topic, _partition, _subscribers.Count, _consumer is not null,
            position, _delivered, _consumer?.Skipped ?? 0,
            high, high < 0 ? -1 : high - position, _rate.PerSecond(), silo.SiloAddress.ToParsableString()));
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopConsumingAsync();
        TopicMetrics.Subscribers.RemoveLabelled(_topic, _partitionLabel);
    }

    private void SubscribersChanged() => TopicMetrics.Subscribers.WithLabels(_topic, _partitionLabel).Set(_subscribers.Count);

    private void Drop(Subscriber subscriber, string reason)
    {
        if (_subscribers.TryGetValue(subscriber.Observer, out var current) && current == subscriber && _subscribers.Remove(subscriber.Observer))
        {
            TopicMetrics.SubscriberDrops.WithLabels(_topic, _partitionLabel, reason).Inc();
            SubscribersChanged();
        }
    }

    private PartitionConsumer EnsureConsuming(long resumeFrom)
    {
        if (_consumer is null)
        {
            _consumer = consumers.Create(_topic, _partition);
            _pumpedOffset = -1;
            _pumpedTimestamp = null;
            _consumer.Start(resumeFrom);
            _pump = PumpAsync(_consumer);
        }
        return _consumer;
    }

    // Runs on the grain's scheduler, interleaving with calls between batches.
    private async Task PumpAsync(PartitionConsumer consumer)
    {
        await foreach (var consumed in consumer.Batches.ReadAllAsync())
        {
            var batch = consumed.Batch;
            _pumpedOffset = batch.NextOffset;
            _pumpedTimestamp = consumed.LastTimestamp;
            foreach (var subscriber in _subscribers.Values.ToArray())
            {
                Enqueue(subscriber, batch);
            }
            _delivered += batch.Events.Length;
            _rate.Add(batch.Events.Length);
            TopicMetrics.EventsConsumed.WithLabels(_topic, _partitionLabel).Inc(batch.Events.Length);
        }
    }

    private void Enqueue(Subscriber subscriber, EventBatch batch)
    {
        if (subscriber.PendingEvents + batch.Events.Length > _options.MaxPendingEventsPerSubscriber)
        {
            logger.LogWarning("Dropping a gateway from {Topic}/{Partition}: more than {Max} events waiting for it",
                _topic, _partition, _options.MaxPendingEventsPerSubscriber);
            Drop(subscriber, "backlog");
            return;
        }
        subscriber.Add(batch);
        if (!subscriber.Sending)
        {
            _ = SendAsync(subscriber);
        }
    }

    private async Task SendAsync(Subscriber subscriber)
    {
        subscriber.Sending = true;
        try
        {
            // The same subscriber, not just the same gateway: one dropped and re-subscribed meanwhile has a new one.
            while (subscriber.HasPending && _subscribers.TryGetValue(subscriber.Observer, out var current) && current == subscriber)
            {
                var batch = subscriber.Take(_topic, _partition, _options.MaxEventsPerCall);
                subscriber.LastSentAt = time.GetUtcNow();
                await subscriber.Observer.OnEvents(batch).WaitAsync(_options.DeliveryTimeout, time);
            }
        }
        catch (TimeoutException)
        {
            // A call routed through a gateway silo that died is never answered, only timed out by
            // Orleans after 30 s; meanwhile this gateway would get nothing, not even keep-alives.
            logger.LogWarning("Dropping a gateway from {Topic}/{Partition}: a delivery took more than {Timeout}", _topic, _partition, _options.DeliveryTimeout);
            Drop(subscriber, "delivery_timeout");
        }
        catch (Exception e)
        {
            // A gateway that cannot take events is gone or broken; if it lives, its renewal re-subscribes it.
            logger.LogWarning("Dropping a gateway from {Topic}/{Partition} after a failed delivery: {Error}", _topic, _partition, e.Message);
            Drop(subscriber, "delivery_failed");
        }
        finally
        {
            subscriber.Sending = false;
        }
    }

    /// <summary>An empty batch with the position to every gateway that heard nothing for a keep-alive interval.</summary>
    private Task KeepAlive()
    {
        // Before the first batch, the position is where the consumer started.
        var position = _pumpedOffset >= 0 ? _pumpedOffset
            : _consumer?.Started is { IsCompletedSuccessfully: true } started ? started.Result.Offset
            : -1;
        if (position < 0)
        {
            return Task.CompletedTask;
        }
        var due = time.GetUtcNow() - _options.KeepaliveInterval;
        foreach (var subscriber in _subscribers.Values)
        {
            if (!subscriber.Sending && !subscriber.HasPending && subscriber.LastSentAt <= due)
            {
                Enqueue(subscriber, new EventBatch(_topic, _partition, position, [], position));
            }
        }
        return Task.CompletedTask;
    }

    private async Task StopConsumingAsync()
    {
        if (_consumer is { } consumer)
        {
            _consumer = null;
            await consumer.DisposeAsync();
            if (_pump is { } pump)
            {
                await pump;
            }
            _pump = null;
            logger.LogInformation("Stopped consuming {Topic}/{Partition}", _topic, _partition);
        }
    }

    private async Task HousekeepAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var expired = now - _options.SubscriptionLease;
        foreach (var stale in _subscribers.Values.Where(s => s.RenewedAt < expired).ToArray())
        {
            logger.LogInformation("A gateway's subscription to {Topic}/{Partition} expired", _topic, _partition);
            Drop(stale, "lease_expired");
        }
        if (_subscribers.Count > 0)
        {
            _idleSince = null;
            return;
        }
        _idleSince ??= now;
        if (now - _idleSince >= _options.IdleGracePeriod)
        {
            await StopConsumingAsync();
            this.DeactivateOnIdle();
        }
    }
}
