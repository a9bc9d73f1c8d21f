using Confluent.Kafka;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EventStreams.Grains.Events;

/// <summary>
/// Decodes one partition's consumed messages (<see cref="EventDecoder"/>). A message that is not
/// a JSON object is skipped: counted in <c>eventstreams_events_skipped_total</c>, and logged at
/// most once per <see cref="SkipLogInterval"/> with how many were skipped since, so a topic full
/// of bad messages cannot flood the log. One per partition consumer or reader; not thread-safe.
/// </summary>
public sealed class PartitionDecoder
{
    /// <summary>At most one warning per partition per minute: enough to notice, never a flood.</summary>
    public static readonly TimeSpan SkipLogInterval = TimeSpan.FromMinutes(1);

    private readonly EventDecoder _decoder;
    private readonly PartitionName _source;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly Counter.Child _skippedCounter;
    private DateTimeOffset _nextLogAt = DateTimeOffset.MinValue;
    private long _skippedSinceLog;

    internal PartitionDecoder(EventDecoder decoder, PartitionName source, ILogger logger, TimeProvider time)
    {
        (_decoder, _source, _logger, _time) = (decoder, source, logger, time);
        _skippedCounter = EventMetrics.Skipped.WithLabels(source.Topic, source.PartitionLabel);
    }

    private long _skipped;

    /// <summary>Messages skipped by this decoder (written by the decoding thread, read from anywhere).</summary>
    public long Skipped => Volatile.Read(ref _skipped);

    /// <summary>The event a client receives, or null when the message is skipped.</summary>
    public EncodedEvent? Decode(ConsumeResult<byte[]?, byte[]?> result)
    {
        var offset = result.Offset.Value;
        if (result.Message.Value is { } value && _decoder.TryDecode(value, _source, offset, result.Message.Key) is { } data)
        {
            return new EncodedEvent(offset, result.Message.Timestamp.UnixTimestampMs, data);
        }
        Skip(offset);
        return null;
    }

    private void Skip(long offset)
    {
        Volatile.Write(ref _skipped, _skipped + 1);
        _skippedCounter.Inc();
        _skippedSinceLog++;
        var now = _time.GetUtcNow();
        if (now < _nextLogAt)
        {
            return;
        }
        _logger.LogWarning("Skipped {Topic}/{Partition} offset {Offset}: the message is not a JSON object ({Count} skipped on this partition since the last such line)",
            _source.Topic, _source.Partition, offset, _skippedSinceLog);
        _skippedSinceLog = 0;
        _nextLogAt = now + SkipLogInterval;
    }
}
