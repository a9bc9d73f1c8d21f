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
    private const int MaxQueuedBatches = 64;
    private static readonly TimeSpan QueueFullBackoff = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan ErrorBackoff = TimeSpan.FromMilliseconds(500);

    private readonly string _topic;
    private readonly int _partition;
    private readonly int _maxBatchSize;
    private readonly TimeSpan _metricsInterval;
    private readonly string _partitionLabel;
    private long _nextSampleAt;
    private readonly KafkaClientFactory _clients;
    private readonly KafkaConsumerTracker _tracker;
    private readonly EventDecoder _decoder;
    private readonly ILogger _logger;
    private readonly Channel<EventBatch> _batches = Channel.CreateBounded<EventBatch>(
        new BoundedChannelOptions(MaxQueuedBatches) { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource<long> _started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool _stopping;
    private long _nextOffset = -1;
    private long _skipped;

    /// <param name="metricsInterval">How often position, watermark and librdkafka statistics are reported; zero: never.</param>
    public PartitionConsumer(string topic, int partition, int maxBatchSize, TimeSpan metricsInterval, KafkaClientFactory clients,
        KafkaConsumerTracker tracker, EventDecoder decoder, ILogger logger)
    {
        (_topic, _partition, _maxBatchSize, _metricsInterval, _clients, _tracker, _decoder, _logger) =
            (topic, partition, maxBatchSize, metricsInterval, clients, tracker, decoder, logger);
        _partitionLabel = partition.ToString(CultureInfo.InvariantCulture);
        var thread = new Thread(Run) { IsBackground = true, Name = $"kafka {topic}/{partition}" };
        thread.Start();
    }

    /// <summary>Completes with the first offset this consumer will read, once it is assigned.</summary>
    public Task<long> Started => _started.Task;

    public ChannelReader<EventBatch> Batches => _batches.Reader;

    public long NextOffset => Volatile.Read(ref _nextOffset);

    public long Skipped => Volatile.Read(ref _skipped);

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
                var start = consumer.QueryWatermarkOffsets(tp, _clients.Options.RequestTimeout).High.Value;
                consumer.Assign(new TopicPartitionOffset(tp, start));
                Volatile.Write(ref _nextOffset, start);
                _started.TrySetResult(start);
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

    private void ConsumeLoop(IConsumer<byte[]?, byte[]?> consumer)
    {
        var events = new List<EncodedEvent>(_maxBatchSize);
        while (!_stopping)
        {
            var consumed = false;
            try
            {
                var result = consumer.Consume(PollTimeout);
                // After the first message, take whatever is already fetched without waiting: one batch per fetch.
                while (result is not null)
                {
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
            // A batch of only skipped messages still moves subscribers' known position forward.
            if (consumed)
            {
                Publish(new EventBatch(_topic, _partition, [.. events], NextOffset));
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

    private void Add(ConsumeResult<byte[]?, byte[]?> result, List<EncodedEvent> events)
    {
        var offset = result.Offset.Value;
        Volatile.Write(ref _nextOffset, offset + 1);
        if (_decoder.Decode(result, _logger) is { } e)
        {
            events.Add(e);
        }
        else
        {
            Interlocked.Increment(ref _skipped);
        }
    }

    private void Publish(EventBatch batch)
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
        await _stopped.Task;
    }
}
