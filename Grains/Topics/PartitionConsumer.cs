using System.Globalization;
using System.Threading.Channels;
using Confluent.Kafka;
using EventStreams.Grains.Events;
using EventStreams.Grains.Interfaces.Topics;
using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.Topics;

/// <summary>
/// The one Kafka consumer of a topic-partition. librdkafka's Consume() blocks, so it runs on
/// a dedicated thread (one per partition in use, never one per client) and hands decoded
/// batches to the TopicGrain through a bounded channel. Every metrics interval the same thread
/// samples its position and the high watermark librdkafka last saw (no broker request), and
/// librdkafka hands it its statistics: metrics never cost anything per message.
/// </summary>
internal sealed class PartitionConsumer : IAsyncDisposable
{
    // Short enough that stopping is prompt; messages wake Consume() at once, so it costs no latency.
    private static readonly TimeSpan PollTimeout = TimeSpan.FromMilliseconds(100);

    // When the grain falls behind, stop fetching (the consumer stalls) rather than buffer without bound.
    // 64 batches of up to TopicGrain:MaxBatchSize (500) events are 32,000 events, about 32 MB of 1 KB
    // events: a few seconds of the busiest Wikimedia topic, so a grain turn that stalls briefly
    // (a GC, a slow gateway call) does not stop the fetch, while a grain that stays behind does.
    private const int MaxQueuedBatches = 64;

    // How long the consumer thread waits for room in that queue before it looks again: a grain turn
    // drains a batch in well under a millisecond, so 5 ms adds at most one batch's worth of latency
    // while a full queue costs the thread ~200 wake-ups a second, not a spin.
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(5);

    // After a non-retriable consume error: long enough not to flood the log and the broker while it
    // is down (librdkafka reconnects on its own), short against the gateways' 3 s feed-silence timeout.
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(500);

    // The message before the start is below the high watermark, so it comes in one fetch; this only
    // bounds the wait when it cannot come (a transaction marker), which delays a first subscription.
    private static readonly TimeSpan PreviousMessageWait = TimeSpan.FromSeconds(2);

    private readonly string _topic;
    private readonly int _partition;
    private readonly int _maxBatchSize;
    private readonly long _maxResumeBacklog;
    private readonly TimeSpan _metricsInterval;
    private readonly string _partitionLabel;
    private long _nextSampleAt;
    private readonly KafkaClientFactory _clients;
    private readonly KafkaConsumerTracker _tracker;
    private readonly PartitionDecoder _decoder;
    private readonly ILogger _logger;
    private readonly Channel<ConsumedBatch> _batches = Channel.CreateBounded<ConsumedBatch>(
        new BoundedChannelOptions(MaxQueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<ConsumerStart> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private long _nextOffset = -1;
    private long _lastTimestamp = -1;
    private long _resumeFrom = -1;
    private int _startedThread;
    // The highest high watermark this consumer has seen: no subscriber can know an offset beyond it.
    private long _highestWatermark = -1;
    private long _sampledHighWatermark = -1;

    internal PartitionConsumer(string topic, int partition, TopicGrainOptions options, KafkaClientFactory clients,
        KafkaConsumerTracker tracker, PartitionDecoder decoder, ILogger logger)
    {
        (_topic, _partition, _clients, _tracker, _decoder, _logger) = (topic, partition, clients, tracker, decoder, logger);
        (_maxBatchSize, _maxResumeBacklog, _metricsInterval) = (options.MaxBatchSize, options.MaxResumeBacklog, options.MetricsInterval);
        _partitionLabel = partition.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Completes with the first offset this consumer will read, once it is assigned.</summary>
    public Task<ConsumerStart> Started => _started.Task;

    public ChannelReader<ConsumedBatch> Batches => _batches.Reader;

    public long NextOffset => Volatile.Read(ref _nextOffset);

    public long Skipped => _decoder.Skipped;

    /// <summary>The highest high watermark seen; an offset beyond it means the partition's offsets went back.</summary>
    public long HighestWatermark => Volatile.Read(ref _highestWatermark);

    /// <summary>
    /// The high watermark of the last metrics sample (what the Prometheus gauge shows), -1 before
    /// the first one or with metrics off. Up to a metrics interval old.
    /// </summary>
    public long SampledHighWatermark => Volatile.Read(ref _sampledHighWatermark);

    /// <summary>
    /// Starts consuming on a thread of its own: at <paramref name="resumeFrom"/> (a gateway's next
    /// expected offset after a failover), or at the live end when that is -1, no longer retained,
    /// beyond the end, or more than <see cref="TopicGrainOptions.MaxResumeBacklog"/> behind it.
    /// </summary>
    public void Start(long resumeFrom)
    {
        if (Interlocked.Exchange(ref _startedThread, 1) != 0)
        {
            throw new InvalidOperationException("A partition consumer starts once.");
        }
        _resumeFrom = resumeFrom;
        new Thread(Run) { IsBackground = true, Name = $"kafka {_topic}/{_partition}" }.Start();
    }

    private void Run()
    {
        var tp = new TopicPartition(_topic, _partition);
        try
        {
            using var consumer = _clients.CreateConsumer($"{_topic}-{_partition}",
                statistics: _metricsInterval > TimeSpan.Zero ? (_metricsInterval, OnStatistics) : null);
            _tracker.Opened(_topic, _partition, ConsumerRole.Live);
            try
            {
                var watermarks = consumer.QueryWatermarkOffsets(tp, _clients.Options.RequestTimeout);
                Volatile.Write(ref _highestWatermark, watermarks.High.Value);
                var start = ChooseStart(watermarks.Low.Value, watermarks.High.Value);
                var previous = ReadPrevious(consumer, tp, start, watermarks.Low.Value);
                Volatile.Write(ref _nextOffset, start);
                _started.TrySetResult(new ConsumerStart(start, previous));
                _logger.LogInformation("Consuming {Topic}/{Partition} from offset {Offset}", _topic, _partition, start);
                ConsumeLoop(consumer);
            }
            finally
            {
                _tracker.Closed(_topic, _partition, ConsumerRole.Live);
                TopicMetrics.RemoveConsumer(_topic, _partitionLabel);
            }
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Kafka consumer for {Topic}/{Partition} failed", _topic, _partition);
            _started.TrySetException(e);
        }
        finally
        {
            _batches.Writer.TryComplete();
            _stopped.TrySetResult();
        }
    }

    private long ChooseStart(long low, long high)
    {
        var resumeFrom = _resumeFrom;
        if (resumeFrom < 0)
        {
            return high;
        }
        if (resumeFrom > high)
        {
            // Nobody can have read beyond the end: this partition's offsets went back.
            _logger.LogError("{Topic}/{Partition}: a gateway expects offset {Offset} but the partition ends at {High}: its offsets went back (recreated or truncated); starting over at the live end",
                _topic, _partition, resumeFrom, high);
            TopicMetrics.OffsetResets.WithLabels(_topic, _partitionLabel).Inc();
            return high;
        }
        if (high - resumeFrom > _maxResumeBacklog)
        {
            _logger.LogWarning("Not resuming {Topic}/{Partition} at offset {Offset} (live end {High}, at most {Max} behind): starting at the live end",
                _topic, _partition, resumeFrom, high, _maxResumeBacklog);
            return high;
        }
        if (resumeFrom < low)
        {
            _logger.LogWarning("Resuming {Topic}/{Partition} at offset {Offset} is no longer possible (retention starts at {Low}): starting there",
                _topic, _partition, resumeFrom, low);
            return low;
        }
        if (resumeFrom < high)
        {
            _logger.LogInformation("Resuming {Topic}/{Partition} at offset {Offset}, {Backlog} behind the live end, so that its gateways miss nothing",
                _topic, _partition, resumeFrom, high - resumeFrom);
        }
        return resumeFrom;
    }

    /// <summary>
    /// The timestamp of the message just before <paramref name="start"/>, read once, so that the
    /// ids of a partition that has delivered nothing yet can name an exact position (see
    /// docs/resume.md). Null when there is none (an empty partition) or it did not come in time.
    /// </summary>
    private long? ReadPrevious(IConsumer<byte[]?, byte[]?> consumer, TopicPartition tp, long start, long low)
    {
        if (start <= low)
        {
            consumer.Assign(new TopicPartitionOffset(tp, start));
            return null;
        }
        consumer.Assign(new TopicPartitionOffset(tp, start - 1));
        long? previous = null;
        try
        {
            if (consumer.Consume(PreviousMessageWait) is { } result && result.Offset.Value == start - 1)
            {
                previous = result.Message.Timestamp.UnixTimestampMs;
            }
        }
        catch (ConsumeException e)
        {
            _logger.LogDebug("Could not read the message before {Topic}/{Partition}@{Offset}: {Reason}", _topic, _partition, start, e.Error.Reason);
        }
        // Whatever came, reading proper starts exactly at start.
        consumer.Assign(new TopicPartitionOffset(tp, start));
        return previous;
    }

    private void ConsumeLoop(IConsumer<byte[]?, byte[]?> consumer)
    {
        var events = new List<EncodedEvent>(_maxBatchSize);
        var from = NextOffset;
        var reset = false;
        var tp = new TopicPartition(_topic, _partition);
        while (!_stopping)
        {
            var consumed = false;
            try
            {
                var result = consumer.Consume(PollTimeout);
                // After the first message, take whatever is already fetched without waiting: one batch per fetch.
                while (result is not null)
                {
                    if (result.Offset.Value < NextOffset)
                    {
                        // Offsets went back under us: hand out what came before, then start over here.
                        if (consumed)
                        {
                            Publish(new ConsumedBatch(new EventBatch(_topic, _partition, from, [.. events], NextOffset, reset), Volatile.Read(ref _lastTimestamp)));
                            events.Clear();
                        }
                        from = WentBack(result.Offset.Value, "a message");
                        reset = true;
                    }
                    consumed = true;
                    Add(result, events);
                    if (events.Count >= _maxBatchSize)
                    {
                        break;
                    }
                    result = consumer.Consume(TimeSpan.Zero);
                }
            }
            catch (ConsumeException e)
            {
                _logger.LogWarning("Consume error on {Topic}/{Partition}: {Reason}", _topic, _partition, e.Error.Reason);
                Thread.Sleep(ErrorBackoff);
            }
            var high = consumer.GetWatermarkOffsets(tp).High; // cached from the last fetch: no request
            if (high != Offset.Unset)
            {
                if (!consumed && high.Value < NextOffset)
                {
                    // The partition now ends before our position (a broker came back empty): say so even with nothing to deliver.
                    from = WentBack(high.Value, "the high watermark");
                    reset = true;
                    consumed = true;
                }
                if (high.Value > HighestWatermark)
                {
                    Volatile.Write(ref _highestWatermark, high.Value);
                }
            }
            // A batch of only skipped messages still moves subscribers' known position forward.
            if (consumed)
            {
                var next = NextOffset;
                Publish(new ConsumedBatch(new EventBatch(_topic, _partition, from, [.. events], next, reset), Volatile.Read(ref _lastTimestamp)));
                from = next;
                reset = false;
                events.Clear();
            }
            SampleIfDue(consumer);
        }
    }

    /// <summary>Position, high watermark and lag, at most once per metrics interval.</summary>
    private void SampleIfDue(IConsumer<byte[]?, byte[]?> consumer)
    {
        if (_metricsInterval <= TimeSpan.Zero || Environment.TickCount64 < _nextSampleAt)
        {
            return;
        }
        _nextSampleAt = Environment.TickCount64 + (long)_metricsInterval.TotalMilliseconds;
        var position = NextOffset;
        TopicMetrics.ConsumerPosition.WithLabels(_topic, _partitionLabel).Set(position);
        // The watermark librdkafka cached from its last fetch response: no request to the broker.
        var high = consumer.GetWatermarkOffsets(new TopicPartition(_topic, _partition)).High;
        if (high != Offset.Unset && position >= 0)
        {
            Volatile.Write(ref _sampledHighWatermark, high.Value);
            TopicMetrics.ConsumerHighWatermark.WithLabels(_topic, _partitionLabel).Set(high.Value);
            TopicMetrics.ConsumerLag.WithLabels(_topic, _partitionLabel).Set(Math.Max(0, high.Value - position));
        }
    }

    private void OnStatistics(string json)
    {
        try
        {
            ConsumerStatistics.Apply(json, _topic, _partitionLabel);
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            _logger.LogDebug("Unreadable librdkafka statistics for {Topic}/{Partition}: {Error}", _topic, _partition, e.Message);
        }
    }

    /// <summary>The partition's offsets went back to <paramref name="offset"/>: logged, counted, and the position moved there.</summary>
    private long WentBack(long offset, string seenIn)
    {
        _logger.LogError("{Topic}/{Partition}: offsets went back from {Position} to {Offset} ({SeenIn}): the topic was recreated or truncated; subscribers start over there",
            _topic, _partition, NextOffset, offset, seenIn);
        TopicMetrics.OffsetResets.WithLabels(_topic, _partitionLabel).Inc();
        Volatile.Write(ref _nextOffset, offset);
        Volatile.Write(ref _highestWatermark, offset);
        return offset;
    }

    private void Add(ConsumeResult<byte[]?, byte[]?> result, List<EncodedEvent> events)
    {
        var offset = result.Offset.Value;
        Volatile.Write(ref _nextOffset, offset + 1);
        Volatile.Write(ref _lastTimestamp, result.Message.Timestamp.UnixTimestampMs);
        if (_decoder.Decode(result) is { } e)
        {
            events.Add(e);
        }
    }

    private void Publish(ConsumedBatch batch)
    {
        // This thread is synchronous by nature (librdkafka's poll blocks), so when the grain is
        // behind it waits here, which also stops fetching: backpressure reaches Kafka, not memory.
        while (!_batches.Writer.TryWrite(batch))
        {
            if (_stopping)
            {
                return;
            }
            Thread.Sleep(QueueFullBackoff);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        if (Volatile.Read(ref _startedThread) == 1)
        {
            await _stopped.Task;
        }
    }
}

/// <summary>Where a consumer started, and the timestamp of the message just before that offset when there is one.</summary>
internal sealed record ConsumerStart(long Offset, long? PreviousTimestamp);

/// <summary>A batch as the consumer hands it to its grain, with the timestamp of the last message read (skipped ones included).</summary>
internal sealed record ConsumedBatch(EventBatch Batch, long LastTimestamp);
