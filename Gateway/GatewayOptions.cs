using EventStreams.Hosting;

namespace EventStreams.Gateway;

/// <summary>Tuning of a gateway node; bound from the "Gateway" section.</summary>
public sealed class GatewayOptions : IValidatableOptions
{
    public const string SectionName = "Gateway";

    /// <summary>
    /// Whether a silo host also serves streams over HTTP (the default, for one machine). False
    /// makes it a silo only, with /healthz, /readyz and /metrics, so that silos and gateways
    /// (standalone Gateway processes) scale apart. The standalone gateway ignores it.
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Events kept per partition on this node, shared by all its connections. A connection
    /// that falls this far behind is disconnected (it can resume with Last-Event-ID), so a slow
    /// client costs a cursor, never a private queue. Must be a power of two (the ring indexes by
    /// mask). 8,192 events are 41 s at 200 events/s (the slow-reader test's rate), more than
    /// MaxClientLag (30 s), and 1.4 s at the bench's 6,000/s per partition; at 1 KB each, 8 MB per partition
    /// held on a node once, whatever its number of clients.
    /// </summary>
    public int FeedBufferEvents { get; set; } = 8192;

    /// <summary>
    /// A connection flushes once this many bytes are pending, and at the end of each wake-up.
    /// Kestrel's default response buffer is 64 KB; half of it keeps writes large but never stalls.
    /// </summary>
    public int FlushThresholdBytes { get; set; } = 32 * 1024;

    /// <summary>
    /// The shortest time between two rounds of waking connections (see FanoutClock). Longer
    /// batches more events into each send; a quiet node wakes at once regardless. Zero wakes on
    /// every batch. Measured with ./bench.sh --scenarios P1 (5,000 clients, 500k deliveries/s,
    /// everything on 2 cores): 50 ms gave p99 362 ms at 1.3 cores; 100 ms p99 219 ms at 0.95
    /// cores; 150 ms p99 243 ms at 0.8 cores (but p50 142 ms instead of 104 ms).
    /// </summary>
    public TimeSpan FanoutInterval { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>How often subscriptions to TopicGrains are renewed (must be well under the grain's lease).</summary>
    public TimeSpan ResubscribeInterval { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// A feed whose grain sent nothing for this long (not even its once-a-second keep-alive, see
    /// TopicGrain:KeepaliveInterval) resubscribes at once: the grain's silo has most likely died,
    /// and the call activates the grain on a live silo, resuming where this feed stopped. Three
    /// keep-alives long, so a busy moment on a silo does not cause one; a needless resubscription
    /// costs one call and changes nothing.
    /// </summary>
    public TimeSpan FeedSilenceTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// How long a subscription call to a TopicGrain may take before this node gives up on it (a
    /// new stream then gets 503, a renewal tries again). A call that was on its way to a silo
    /// that died is otherwise only failed by Orleans' response timeout, 30 s.
    /// </summary>
    public TimeSpan SubscribeTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A partition no connection on this node reads is unsubscribed after this long.</summary>
    public TimeSpan FeedIdleGracePeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// An SSE stream that sent nothing for this long gets a comment line, so proxies keep it open.
    /// Zero turns heartbeats off. NDJSON streams never get one.
    /// </summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A live connection whose next event to write arrived this long ago is cut (its client
    /// resumes with Last-Event-ID). A client that reads slower than events arrive falls further
    /// behind every second (seen: clients reading events 119 s old on a ring that covers 41 s).
    /// Healthy connections write each event within a fan-out round (100 ms); 30 s leaves room
    /// for a long network stall.
    /// </summary>
    public TimeSpan MaxClientLag { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// SO_SNDBUF of each stream response's socket, in bytes (0: the kernel's default, which
    /// grows to several MB on loopback). It bounds what a client that stops reading holds in the
    /// kernel: 2,000 such sockets held 1.69 GB at the default. The kernel doubles the value.
    /// 128 KB is 1.3 s of a busy stream (100 events/s of 1 KB) and 10 rounds of fan-out.
    /// </summary>
    public int SocketSendBufferBytes { get; set; } = 128 * 1024;

    /// <summary>
    /// Connections are closed after this long (zero: never), so clients reconnect, with their
    /// Last-Event-ID, and spread over gateway nodes added since. The original's edge did this
    /// every 15 minutes.
    /// </summary>
    public TimeSpan MaxConnectionDuration { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// Each connection's limit is <see cref="MaxConnectionDuration"/> less a random part of up to
    /// this, so connections opened in the same minute (after a scale-out, a drain or a restart)
    /// are not all closed in the same minute again. Less than <see cref="MaxConnectionDuration"/>;
    /// a fifth of it (15 min with 3 min) spreads reconnects evenly enough.
    /// </summary>
    public TimeSpan MaxConnectionDurationJitter { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How often the stream catalog is fetched even without an announcement. Changes are
    /// announced by the StreamConfigGrain (Orleans Streaming) and fetched at once; this is the
    /// backstop for an announcement lost with a silo (memory streams keep no copy).
    /// </summary>
    public TimeSpan StreamConfigRefreshInterval { get; set; } = TimeSpan.FromMinutes(5);

    public string? Validate()
    {
        var errors = new OptionErrors();
        if (FeedBufferEvents < 16 || (FeedBufferEvents & (FeedBufferEvents - 1)) != 0)
            errors.Add($"{SectionName}:{nameof(FeedBufferEvents)} must be a power of two of at least 16 (was {FeedBufferEvents}).");
        if (FlushThresholdBytes < 1024)
            errors.Add($"{SectionName}:{nameof(FlushThresholdBytes)} must be at least 1024 (was {FlushThresholdBytes}).");
        if (ResubscribeInterval <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(ResubscribeInterval)} must be positive (was {ResubscribeInterval}).");
        if (FeedSilenceTimeout < TimeSpan.FromMilliseconds(100))
            errors.Add($"{SectionName}:{nameof(FeedSilenceTimeout)} must be at least 00:00:00.1 (was {FeedSilenceTimeout}).");
        if (SubscribeTimeout <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(SubscribeTimeout)} must be positive (was {SubscribeTimeout}).");
        if (FeedIdleGracePeriod < TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(FeedIdleGracePeriod)} must not be negative (was {FeedIdleGracePeriod}).");
        if (FanoutInterval < TimeSpan.Zero || FanoutInterval > TimeSpan.FromSeconds(1))
            errors.Add($"{SectionName}:{nameof(FanoutInterval)} must be between 0 and 1 s (was {FanoutInterval}).");
        if (HeartbeatInterval < TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(HeartbeatInterval)} must not be negative (was {HeartbeatInterval}); 0 turns heartbeats off.");
        if (MaxClientLag < TimeSpan.FromSeconds(1))
            errors.Add($"{SectionName}:{nameof(MaxClientLag)} must be at least 00:00:01 (was {MaxClientLag}).");
        if (SocketSendBufferBytes is < 0 or (> 0 and < 4096))
            errors.Add($"{SectionName}:{nameof(SocketSendBufferBytes)} must be 0 (the kernel's default) or at least 4096 (was {SocketSendBufferBytes}).");
        if (MaxConnectionDuration < TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(MaxConnectionDuration)} must not be negative (was {MaxConnectionDuration}); 0 means unlimited.");
        if (MaxConnectionDurationJitter < TimeSpan.Zero || (MaxConnectionDurationJitter > TimeSpan.Zero && MaxConnectionDurationJitter >= MaxConnectionDuration))
            errors.Add($"{SectionName}:{nameof(MaxConnectionDurationJitter)} must be 0 or less than {SectionName}:{nameof(MaxConnectionDuration)} ({MaxConnectionDuration}) (was {MaxConnectionDurationJitter}).");
        if (StreamConfigRefreshInterval <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(StreamConfigRefreshInterval)} must be positive (was {StreamConfigRefreshInterval}).");
        return errors.Message;
    }
}
