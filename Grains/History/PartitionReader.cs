using Confluent.Kafka;
using EventStreams.Grains.Events;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;
using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.History;

/// <summary>
/// A reusable consumer that reads ranges of one partition's history. Reads that continue where
/// the last one stopped (a client catching up chunk by chunk) need no seek. All calls block
/// (librdkafka), so the grain runs them off its scheduler, one at a time.
/// </summary>
internal sealed class PartitionReader(
    string topic,
    int partition,
    KafkaClientFactory clients,
    KafkaConsumerTracker tracker,
    PartitionDecoder decoder,
    ILogger logger) : IDisposable
{
    // How long a read waits for its first message; after that it takes only what is already fetched.
    private static readonly TimeSpan FirstMessageWait = TimeSpan.FromMilliseconds(500);

    // A reader that reached the end waits this long in a fetch; short, so a seek is not held back by it.
    private static readonly TimeSpan HistoryFetchWait = TimeSpan.FromMilliseconds(100);

    // Tries of a broker call that fails retriably (a moved leader), with a growing pause: about 0.6 s in all.
    private const int MaxAttempts = 4;
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(100);

    // A read's chunk, bounded here only (callers ask for "the next chunk"): about 1 MB, or 1,000
    // events of 1 KB, large enough to amortise the grain call and a client's history flush, small
    // enough that one catching-up client does not hold a reader for long.
    public const int MaxBytesPerRead = 1024 * 1024;
    public const int MaxEventsPerRead = 1000;

    private readonly TopicPartition _tp = new(topic, partition);
    private IConsumer<byte[]?, byte[]?>? _consumer;
    private long _position = -1;

    private IConsumer<byte[]?, byte[]?> Consumer
    {
        get
        {
            if (_consumer is null)
            {
                _consumer = clients.CreateConsumer($"history-{topic}-{partition}", AutoOffsetReset.Earliest, HistoryFetchWait);
                tracker.Opened(topic, partition, ConsumerRole.History);
            }
            return _consumer;
        }
    }

    public ResolvedStart ResolveStart(StartRequest request)
    {
        var (low, high) = Watermarks();
        if (request.Offset is { } offset && request.Timestamp is { } stamp && offset > low && offset <= high && PreviousHasTimestamp(offset, stamp - 1))
        {
            return new ResolvedStart(offset);
        }
        if (request.Timestamp is { } timestamp && (request.Offset is null || request.Offset >= 0))
        {
            var found = Retrying(() => Consumer.OffsetsForTimes([new TopicPartitionTimestamp(_tp, new Timestamp(timestamp, TimestampType.CreateTime))],
                clients.Options.RequestTimeout))[0].Offset;
            // No message at or after the timestamp: start at the live end.
            var start = found.IsSpecial ? high : Math.Clamp(found.Value, low, high);
            // An id's own offset did not hold here; and the first message kept may not be the first at that time.
            var inexact = request.Offset is not null ? "timestamp" : start == low && low > 0 ? "retention" : null;
            return new ResolvedStart(start, inexact);
        }
        return request.Offset switch
        {
            -2 => new ResolvedStart(low),
            // -1 is the live end; other special offsets (e.g. librdkafka's "stored") mean the same without a group.
            null or < 0 => new ResolvedStart(high),
            // Beyond the end restarts at the live end, as the original; before retention, at the oldest message kept.
            var o when o > high => new ResolvedStart(high, "beyond-end"),
            var o when o < low => new ResolvedStart(low, "retention"),
            var o => new ResolvedStart(o.Value),
        };
    }

    public EventBatch Read(long fromOffset)
    {
        if (fromOffset != _position)
        {
            Consumer.Assign(new TopicPartitionOffset(_tp, fromOffset));
        }
        var events = new List<EncodedEvent>(MaxEventsPerRead);
        var bytes = 0;
        var next = fromOffset;
        var result = Consumer.Consume(FirstMessageWait);
        while (result is not null)
        {
            next = result.Offset.Value + 1;
            if (decoder.Decode(result) is { } e)
            {
                events.Add(e);
                bytes += e.Data.Length;
            }
            if (events.Count >= MaxEventsPerRead || bytes >= MaxBytesPerRead)
            {
                break;
            }
            result = Consumer.Consume(TimeSpan.Zero);
        }
        if (events.Count == 0 && next == fromOffset)
        {
            // Nothing came: perhaps the position was out of range and reset, so ask where we are.
            var (low, high) = Watermarks();
            if (fromOffset < low)
            {
                next = low;
            }
            else if (fromOffset > high)
            {
                next = high;
            }
        }
        _position = next;
        return new EventBatch(topic, partition, fromOffset, [.. events], next);
    }

    private (long Low, long High) Watermarks()
    {
        var w = Retrying(() => Consumer.QueryWatermarkOffsets(_tp, clients.Options.RequestTimeout));
        return (w.Low.Value, w.High.Value);
    }

    /// <summary>
    /// A broker call, tried again on a retriable error. Right after a partition's leader moved,
    /// this consumer's metadata still names the old one: the call fails with
    /// NOT_LEADER_OR_FOLLOWER, librdkafka refreshes its metadata, and the next try succeeds. Without
    /// this, a stream resumed at that moment got 503 (and a browser's EventSource gives up on it).
    /// </summary>
    private T Retrying<T>(Func<T> call)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return call();
            }
            catch (KafkaException e) when (attempt < MaxAttempts && IsRetriable(e.Error))
            {
                logger.LogDebug("{Topic}/{Partition}: {Error}; trying again", topic, partition, e.Error.Reason);
                Thread.Sleep(RetryPause * attempt);
            }
        }
    }

    // Errors a moved leader or a broker that is briefly away give; a metadata refresh follows each.
    private static bool IsRetriable(Error error) => error.Code is Confluent.Kafka.ErrorCode.NotLeaderForPartition
        or Confluent.Kafka.ErrorCode.LeaderNotAvailable or Confluent.Kafka.ErrorCode.RequestTimedOut
        or Confluent.Kafka.ErrorCode.Local_Transport or Confluent.Kafka.ErrorCode.Local_TimedOut;

    /// <summary>True when the message just before <paramref name="offset"/> carries <paramref name="timestamp"/> here.</summary>
    private bool PreviousHasTimestamp(long offset, long timestamp)
    {
        Consumer.Assign(new TopicPartitionOffset(_tp, offset - 1));
        // The message exists (offset - 1 is below the high watermark), so wait for it: a fetch left
        // over from the previous assignment can hold the first answer back.
        var previous = Consumer.Consume(clients.Options.RequestTimeout);
        _position = previous is null ? -1 : previous.Offset.Value + 1;
        return previous is not null && previous.Offset.Value == offset - 1 && previous.Message.Timestamp.UnixTimestampMs == timestamp;
    }

    public void Dispose()
    {
        if (_consumer is not null)
        {
            _consumer.Dispose();
            tracker.Closed(topic, partition, ConsumerRole.History);
        }
    }
}
