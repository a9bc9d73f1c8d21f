using EventStreams.Hosting;

namespace EventStreams.Grains.Topics;

/// <summary>Tuning of the per-partition consumers; bound from the "TopicGrain" section.</summary>
public sealed class TopicGrainOptions : IValidatableOptions
{
    public const string SectionName = "TopicGrain";

    /// <summary>
    /// Most events pushed to gateways in one call. Larger batches amortise the per-call cost (an
    /// Orleans call costs tens of microseconds whatever it carries); 500 keeps a call of 1 KB events
    /// near 0.5 MB, so one slow call never holds much, and at the bench's 6,000 events/s per
    /// partition it is a call every 80 ms at most, within one 100 ms fan-out round.
    /// </summary>
    public int MaxBatchSize { get; set; } = 500;

    /// <summary>
    /// Events that may wait for one gateway while its previous batch is in flight. A gateway
    /// further behind than this is dropped (it re-subscribes on its next renewal). 50,000 is more
    /// than 8 s of a partition at the bench's 6,000 events/s, longer than the DeliveryTimeout (5 s)
    /// a call may take; about 50 MB of shared event bytes at 1 KB, held per slow gateway, not per client.
    /// </summary>
    public int MaxPendingEventsPerSubscriber { get; set; } = 50_000;

    /// <summary>
    /// Most events in one call to a gateway that has fallen behind: four batches, so catching up
    /// takes a few calls of about 2 MB rather than one call as large as the backlog (which would
    /// hold the gateway's turn and its memory at once).
    /// </summary>
    public int MaxEventsPerCall { get; set; } = 2_000;

    /// <summary>
    /// How far behind the live end a new consumer may start when a gateway asks it to resume
    /// (after its silo died). Beyond this the consumer starts at the live end and each gateway's
    /// feed fills or resets on its own. 100,000 events is minutes of a busy Wikimedia partition
    /// and far more than a failover of a few seconds needs; it bounds the burst a restarted
    /// consumer pushes to every gateway at once.
    /// </summary>
    public long MaxResumeBacklog { get; set; } = 100_000;

    /// <summary>
    /// A gateway that got nothing for this long gets an empty batch carrying the position, so it
    /// can tell a quiet partition from a lost grain (its silo died) within a few of these and
    /// resubscribe at once instead of at its next renewal. Costs one small call per idle
    /// partition and gateway per interval; none while events flow.
    /// </summary>
    public TimeSpan KeepaliveInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A call that delivers events to a gateway and is not answered within this is abandoned and
    /// the gateway dropped; it resubscribes, and its feed fills what it missed. Deliveries take
    /// milliseconds; one routed through a gateway silo that died is never answered (Orleans times
    /// it out only after 30 s, and meanwhile that gateway would get nothing, not even keep-alives).
    /// </summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A gateway that has not renewed its subscription for this long is dropped.</summary>
    public TimeSpan SubscriptionLease { get; set; } = TimeSpan.FromSeconds(90);

    /// <summary>A partition nobody subscribes to keeps consuming this long, so a reconnect storm reuses it.</summary>
    public TimeSpan IdleGracePeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How often the grain looks for expired subscriptions and idleness.</summary>
    public TimeSpan HousekeepingInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How often each consumer samples its position and high watermark for the metrics, and how
    /// often librdkafka reports its statistics (statistics.interval.ms). Zero turns both off.
    /// </summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(10);

    public string? Validate()
    {
        var errors = new OptionErrors();
        if (MaxBatchSize is < 1 or > 100_000) errors.Add($"{SectionName}:{nameof(MaxBatchSize)} must be between 1 and 100000 (was {MaxBatchSize}).");
        if (MaxPendingEventsPerSubscriber < MaxBatchSize) errors.Add($"{SectionName}:{nameof(MaxPendingEventsPerSubscriber)} must be at least {nameof(MaxBatchSize)} ({MaxBatchSize}) (was {MaxPendingEventsPerSubscriber}).");
        if (MaxEventsPerCall < 1) errors.Add($"{SectionName}:{nameof(MaxEventsPerCall)} must be at least 1 (was {MaxEventsPerCall}).");
        if (MaxResumeBacklog < 0) errors.Add($"{SectionName}:{nameof(MaxResumeBacklog)} must not be negative (was {MaxResumeBacklog}).");
        if (KeepaliveInterval <= TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(KeepaliveInterval)} must be positive (was {KeepaliveInterval}).");
        if (DeliveryTimeout <= TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(DeliveryTimeout)} must be positive (was {DeliveryTimeout}).");
        if (SubscriptionLease <= TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(SubscriptionLease)} must be positive (was {SubscriptionLease}).");
        if (IdleGracePeriod < TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(IdleGracePeriod)} must not be negative (was {IdleGracePeriod}).");
        if (HousekeepingInterval <= TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(HousekeepingInterval)} must be positive (was {HousekeepingInterval}).");
        if (MetricsInterval < TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(MetricsInterval)} must not be negative (was {MetricsInterval}); 0 turns consumer metrics off.");
        return errors.Message;
    }
}
