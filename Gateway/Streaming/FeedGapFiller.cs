using EventStreams.Gateway.Telemetry;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// What a TopicGrain calls on this node for one partition: it checks that every batch starts
/// where the feed's last one ended, and appends it to the <see cref="PartitionFeed"/>. A batch that
/// starts later (the grain came back on another silo and started further on, or dropped us and
/// took us back) means a gap: the batch and everything after it are held while the missing
/// offsets are read from the partition readers and appended first. So a connection that stays
/// open across a silo's death sees every event exactly once, in order. A gap that cannot be
/// filled (too wide, history unreadable, too much held meanwhile) resets the feed instead: its
/// connections end and their clients resume with their ids.
/// It also notes when the grain was last heard from: a grain sends a keep-alive every second, so
/// silence means it is gone and the registry resubscribes without waiting for the next renewal.
/// </summary>
internal sealed class FeedGapFiller(PartitionFeed feed, IHistorySource history, TimeProvider time, ILogger logger) : ITopicObserver
{
    /// <summary>
    /// Wider gaps are not filled: at about 1,000 events per history read, 100,000 offsets is about
    /// a hundred reads, a second or two, while live batches wait. A failover of a few seconds on a
    /// busy Wikimedia partition leaves a few thousand.
    /// </summary>
    internal const long MaxGapToFill = 100_000;

    /// <summary>A history read that fails is tried this many times (with a growing pause) before the feed resets.</summary>
    internal const int MaxReadAttempts = 5;

    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);

    private readonly Lock _lock = new();
    private readonly Queue<EventBatch> _held = new();
    private int _heldEvents;
    private bool _filling;
    private long _lastHeard = time.GetTimestamp();

    public PartitionFeed Feed => feed;

    /// <summary>How long since the grain last sent anything (events or a keep-alive) or answered a subscription.</summary>
    public TimeSpan Silence => time.GetElapsedTime(Interlocked.Read(ref _lastHeard));

    /// <summary>True while a gap is being filled (the feed is held back meanwhile).</summary>
    public bool Filling
    {
        get
        {
            lock (_lock)
            {
                return _filling;
            }
        }
    }

    public Task OnEvents(EventBatch batch)
    {
        Interlocked.Exchange(ref _lastHeard, time.GetTimestamp());
        lock (_lock)
        {
            if (batch.OffsetsReset)
            {
                StartOver(batch.FromOffset);
                feed.Append(batch);
            }
            else if (_filling)
            {
                Hold(batch);
            }
            else
            {
                Offer(batch);
            }
        }
        return Task.CompletedTask;
    }

    // Under _lock: the partition's offsets went back; nothing held or known of the old ones counts.
    private void StartOver(long fromOffset)
    {
        _filling = false;
        _held.Clear();
        _heldEvents = 0;
        Reset(fromOffset, "offsets_reset", "the partition's offsets went back (recreated or truncated)");
    }

    /// <summary>
    /// Records what a (re)subscription promised. The first one starts the feed; one from a grain
    /// that did not know us (a failover, a drop) and starts after what the feed has means a gap,
    /// filled at once even if the partition is quiet.
    /// </summary>
    public void OnSubscribed(Subscription subscription)
    {
        Interlocked.Exchange(ref _lastHeard, time.GetTimestamp());
        lock (_lock)
        {
            if (feed.Position < 0)
            {
                feed.Start(subscription.FromOffset, subscription.PreviousTimestamp);
                return;
            }
            if (subscription.OffsetsReset)
            {
                StartOver(subscription.FromOffset);
                return;
            }
            if (subscription.PreviousTimestamp is { } previous)
            {
                feed.LearnStartTimestamp(subscription.FromOffset, previous);
            }
            if (!subscription.Continued && !_filling && subscription.FromOffset > feed.Position)
            {
                Offer(new EventBatch(feed.Topic, feed.Partition, subscription.FromOffset, [], subscription.FromOffset));
            }
        }
    }

    // Under _lock, not filling.
    private void Offer(EventBatch batch)
    {
        var position = feed.Position;
        if (position < 0 || batch.FromOffset <= position)
        {
            feed.Append(batch);
            return;
        }
        var gap = batch.FromOffset - position;
        if (gap > MaxGapToFill)
        {
            Reset(batch.FromOffset, "gap_too_wide", $"{gap} offsets are missing, more than {MaxGapToFill} are filled from history");
            feed.Append(batch);
            return;
        }
        logger.LogWarning("{Topic}/{Partition}: offsets {From} to {To} did not arrive (the partition's grain moved or dropped this node); filling them from history",
            feed.Topic, feed.Partition, position, batch.FromOffset - 1);
        GatewayMetrics.FeedGaps.Inc();
        _filling = true;
        Hold(batch);
        _ = FillAsync(feed.Generation);
    }

    // Under _lock, filling.
    private void Hold(EventBatch batch)
    {
        _held.Enqueue(batch);
        _heldEvents += batch.Events.Length;
        if (_heldEvents > feed.Capacity)
        {
            // Live events would wait in memory without bound: give up on the gap.
            Abandon("hold_overflow", $"more than {feed.Capacity} live events arrived while the gap was being filled");
        }
    }

    private async Task FillAsync(int generation)
    {
        var attempts = 0;
        var filled = 0;
        while (true)
        {
            long from;
            lock (_lock)
            {
                if (!_filling || feed.Generation != generation)
                {
                    return; // abandoned meanwhile
                }
                from = feed.Position;
            }
            EventBatch read;
            try
            {
                read = await history.ReadAsync(feed.Topic, feed.Partition, from);
            }
            catch (Exception e) when (++attempts < MaxReadAttempts)
            {
                logger.LogWarning(e, "{Topic}/{Partition}: reading offset {From} from history to fill a gap failed; retrying", feed.Topic, feed.Partition, from);
                await Task.Delay(RetryPause * attempts, time);
                continue;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Topic}/{Partition}: history could not be read to fill a gap", feed.Topic, feed.Partition);
                lock (_lock)
                {
                    if (_filling && feed.Generation == generation)
                    {
                        Abandon("history_unreadable", $"history could not be read from offset {from}");
                    }
                }
                return;
            }
            lock (_lock)
            {
                if (!_filling || feed.Generation != generation)
                {
                    return;
                }
                if (read.NextOffset <= from)
                {
                    // Nothing yet: the reader's broker lags the live one for a moment.
                    if (++attempts >= MaxReadAttempts)
                    {
                        Abandon("history_unreadable", $"history returned nothing from offset {from}");
                        return;
                    }
                }
                else
                {
                    feed.Append(read);
                    filled += read.Events.Length;
                }
                if (feed.Position >= _held.Peek().FromOffset)
                {
                    logger.LogInformation("{Topic}/{Partition}: gap filled with {Events} events from history", feed.Topic, feed.Partition, filled);
                    GatewayMetrics.FeedGapEventsFilled.Inc(filled);
                    Release();
                    return;
                }
            }
            if (read.NextOffset <= from)
            {
                await Task.Delay(RetryPause * attempts, time);
            }
        }
    }

    // Under _lock: hands the held batches to the feed, in order; one of them may open another gap.
    private void Release()
    {
        _filling = false;
        while (!_filling && _held.TryDequeue(out var batch))
        {
            _heldEvents -= batch.Events.Length;
            Offer(batch);
        }
    }

    // Under _lock, filling.
    private void Abandon(string reason, string detail)
    {
        Reset(_held.Peek().FromOffset, reason, detail);
        Release();
    }

    private void Reset(long fromOffset, string reason, string detail)
    {
        logger.LogError("{Topic}/{Partition}: resetting the feed at offset {Offset} because {Detail}; its connections end and resume with their Last-Event-ID",
            feed.Topic, feed.Partition, fromOffset, detail);
        GatewayMetrics.FeedResets.WithLabels(reason).Inc();
        feed.Reset(fromOffset);
    }
}
