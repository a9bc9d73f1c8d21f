using System.Globalization;
using EventStreams.Grains.Events;
using EventStreams.Grains.Interfaces.Topics;
using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Topics;

/// <summary>
/// Owns the shared consumer of one topic-partition and fans each batch out once per
/// subscribed gateway (not once per client): gateways fan out to their own connections.
/// Each gateway gets its events in order, one call in flight at a time; events that arrive
/// meanwhile are coalesced into its next call, so a slow gateway never holds back the others.
/// Metrics: subscribers, drops (with their reason) and events passed on, per partition.
/// </summary>
public sealed class TopicGrain(
    IOptions<TopicGrainOptions> options,
    KafkaClientFactory clients,
    KafkaConsumerTracker tracker,
    EventDecoder decoder,
    ILogger<TopicGrain> logger) : Grain, ITopicGrain
{
    private readonly TopicGrainOptions _options = options.Value;
    private readonly Dictionary<ITopicObserver, Subscriber> _subscribers = [];
    private string _topic = "";
    private int _partition;
    private PartitionConsumer? _consumer;
    private Task? _pump;
    private DateTime? _idleSince;
    private long _delivered;
    // The consumer position after the last batch handed to subscribers; -1 before the first batch.
    private long _pumpedOffset = -1;
    private string _partitionLabel = "";

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _partition = (int)this.GetPrimaryKeyLong(out var topic);
        _topic = topic ?? throw new InvalidOperationException("TopicGrain needs a topic as its key extension.");
        _partitionLabel = _partition.ToString(CultureInfo.InvariantCulture);
        this.RegisterGrainTimer(HousekeepAsync, _options.HousekeepingInterval, _options.HousekeepingInterval);
        return Task.CompletedTask;
    }

    public async Task<Subscription> Subscribe(ITopicObserver observer)
    {
        var continued = _subscribers.TryGetValue(observer, out var existing);
        if (continued)
        {
            existing!.RenewedAt = DateTime.UtcNow;
        }
        else
        {
            _subscribers[observer] = new Subscriber(observer, DateTime.UtcNow);
            SubscribersChanged();
        }
        _idleSince = null;
        var consumer = EnsureConsuming();
        // A new subscriber gets every batch pumped from now on: all events from this offset.
        var pumped = _pumpedOffset;
        try
        {
            var start = await consumer.Started;
            return new Subscription(pumped >= 0 ? pumped : start, continued);
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

    public Task<TopicPartitionStatus> GetStatus() => Task.FromResult(new TopicPartitionStatus(
        _topic, _partition, _subscribers.Count, _consumer is not null,
        _consumer?.NextOffset ?? -1, _delivered, _consumer?.Skipped ?? 0));

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        await StopConsumingAsync();
        TopicMetrics.Subscribers.RemoveLabelled(_topic, _partitionLabel);
    }

    private void SubscribersChanged() => TopicMetrics.Subscribers.WithLabels(_topic, _partitionLabel).Set(_subscribers.Count);

    private void Drop(Subscriber subscriber, string reason)
    {
        if (_subscribers.Remove(subscriber.Observer))
        {
            TopicMetrics.SubscriberDrops.WithLabels(_topic, _partitionLabel, reason).Inc();
            SubscribersChanged();
        }
    }

    private PartitionConsumer EnsureConsuming()
    {
        if (_consumer is null)
        {
            _consumer = new PartitionConsumer(_topic, _partition, _options.MaxBatchSize, _options.MetricsInterval, clients, tracker, decoder, logger);
            _pumpedOffset = -1;
            _pump = PumpAsync(_consumer);
        }
        return _consumer;
    }

    // Runs on the grain's scheduler, interleaving with calls between batches.
    private async Task PumpAsync(PartitionConsumer consumer)
    {
        await foreach (var batch in consumer.Batches.ReadAllAsync())
        {
            _pumpedOffset = batch.NextOffset;
            foreach (var subscriber in _subscribers.Values.ToArray())
            {
                Enqueue(subscriber, batch.Events);
            }
            _delivered += batch.Events.Length;
            TopicMetrics.EventsConsumed.WithLabels(_topic, _partitionLabel).Inc(batch.Events.Length);
        }
    }

    private void Enqueue(Subscriber subscriber, EncodedEvent[] events)
    {
        if (subscriber.Pending.Count + events.Length > _options.MaxPendingEventsPerSubscriber)
        {
            logger.LogWarning("Dropping a gateway from {Topic}/{Partition}: more than {Max} events waiting for it",
                _topic, _partition, _options.MaxPendingEventsPerSubscriber);
            Drop(subscriber, "backlog");
            return;
        }
        subscriber.Pending.AddRange(events);
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
            while (subscriber.Pending.Count > 0 && _subscribers.ContainsKey(subscriber.Observer))
            {
                var count = Math.Min(subscriber.Pending.Count, _options.MaxEventsPerCall);
                var events = new EncodedEvent[count];
                subscriber.Pending.CopyTo(0, events, 0, count);
                subscriber.Pending.RemoveRange(0, count);
                var next = subscriber.Pending.Count > 0 ? subscriber.Pending[0].Offset : _pumpedOffset;
                await subscriber.Observer.OnEvents(new EventBatch(_topic, _partition, events, next));
            }
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
        var expired = DateTime.UtcNow - _options.SubscriptionLease;
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
        _idleSince ??= DateTime.UtcNow;
        if (DateTime.UtcNow - _idleSince >= _options.IdleGracePeriod)
        {
            await StopConsumingAsync();
            this.DeactivateOnIdle();
        }
    }
}
