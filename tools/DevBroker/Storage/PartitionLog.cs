using System.Buffers.Binary;
using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Records;

namespace EventStreams.DevBroker.Storage;

/// <summary>
/// The in-memory log of one partition: an ordered run of batches between the log start offset
/// and the high watermark. All state is guarded by one lock; batch bytes are immutable once
/// appended, so readers copy references under the lock and serialize outside it.
/// </summary>
internal sealed class PartitionLog(int partitionIndex, RetentionPolicy retention)
{
    /// <summary>Dropped batches leave a gap at the front of the list; compact once it is this big.</summary>
    private const int CompactionThreshold = 1024;

    private readonly Lock _sync = new();
    private readonly List<StoredBatch> _batches = [];
    private int _head;
    private long _logStartOffset;
    private long _highWatermark;
    private long _sizeBytes;
    private bool _closed;
    private TaskCompletionSource _appended = NewSignal();

    public int PartitionIndex { get; } = partitionIndex;

    public (long LogStartOffset, long HighWatermark) GetOffsets()
    {
        lock (_sync)
        {
            return (_logStartOffset, _highWatermark);
        }
    }

    /// <summary>
    /// A task that completes on the next append (or when the partition is deleted). Take it
    /// before reading, so data appended between the read and the wait still wakes the waiter.
    /// </summary>
    public Task WhenAppended()
    {
        lock (_sync)
        {
            return _appended.Task;
        }
    }

    /// <summary>Stores a validated batch and returns its base offset, or -1 if the partition was deleted.</summary>
    public long Append(ReadOnlySpan<byte> batch, RecordBatchInfo info, long nowMs)
    {
        var data = batch.ToArray();
        TaskCompletionSource signal;
        long baseOffset;
        lock (_sync)
        {
            if (_closed)
            {
                return -1;
            }

            baseOffset = _highWatermark;
            BinaryPrimitives.WriteInt64BigEndian(data.AsSpan(RecordBatchLayout.BaseOffset), baseOffset);
            var runningMax = _batches.Count > _head ? Math.Max(_batches[^1].RunningMaxTimestamp, info.MaxTimestamp) : info.MaxTimestamp;
            _batches.Add(new StoredBatch(baseOffset, info.RecordCount, info.MaxTimestamp, runningMax, data));
            _highWatermark += info.RecordCount;
            _sizeBytes += data.Length;
            ApplyRetention(nowMs);

            signal = _appended;
            _appended = NewSignal();
        }

        // Completed outside the lock; continuations run asynchronously so a woken fetch never runs here.
        signal.TrySetResult();
        return baseOffset;
    }

    /// <summary>Drops batches that are too old or beyond the size budget (called periodically too).</summary>
    public void EnforceRetention(long nowMs)
    {
        lock (_sync)
        {
            ApplyRetention(nowMs);
        }
    }

    /// <summary>
    /// Collects whole batches starting with the one containing <paramref name="offset"/>. The first
    /// batch is taken if it is at most <paramref name="firstBatchLimit"/> bytes (callers pass a big
    /// limit so a consumer can always make progress past a large batch); later batches only while
    /// the total stays within <paramref name="maxBytes"/>.
    /// </summary>
    public PartitionReadResult Read(long offset, int maxBytes, int firstBatchLimit, List<StoredBatch> into)
    {
        lock (_sync)
        {
            if (_closed)
            {
                return new PartitionReadResult(ErrorCode.UnknownTopicOrPartition, -1, -1, 0);
            }

            if (offset < _logStartOffset || offset > _highWatermark)
            {
                return new PartitionReadResult(ErrorCode.OffsetOutOfRange, _highWatermark, _logStartOffset, 0);
            }

            var bytes = 0;
            for (var i = FindBatchIndex(offset); i < _batches.Count; i++)
            {
                var size = _batches[i].Data.Length;
                var limit = bytes == 0 ? Math.Max(firstBatchLimit, maxBytes) : maxBytes;
                if ((long)bytes + size > limit)
                {
                    break;
                }

                into.Add(_batches[i]);
                bytes += size;
            }

            return new PartitionReadResult(ErrorCode.None, _highWatermark, _logStartOffset, bytes);
        }
    }

    /// <summary>The first offset whose record timestamp is at or after <paramref name="timestamp"/>.</summary>
    public TimestampLookupResult FindOffsetForTimestamp(long timestamp)
    {
        StoredBatch? candidate = null;
        lock (_sync)
        {
            // RunningMaxTimestamp never decreases, so binary search finds where the answer can
            // start; from there the first batch whose own maximum reaches the target holds it.
            for (var i = LowerBound(b => b.RunningMaxTimestamp >= timestamp); i < _batches.Count; i++)
            {
                if (_batches[i].MaxTimestamp >= timestamp)
                {
                    candidate = _batches[i];
                    break;
                }
            }
        }

        if (candidate is null)
        {
            return TimestampLookupResult.NotFound;
        }

        // Parsing happens outside the lock: stored batch bytes never change.
        var record = RecordBatchParser.ReadTimestamps(candidate.Data).First(r => r.Timestamp >= timestamp);
        return new TimestampLookupResult(candidate.BaseOffset + record.OffsetDelta, record.Timestamp);
    }

    /// <summary>The offset of the (first) record with the largest timestamp, for ListOffsets -3.</summary>
    public TimestampLookupResult FindMaxTimestampOffset()
    {
        StoredBatch? best = null;
        lock (_sync)
        {
            for (var i = _head; i < _batches.Count; i++)
            {
                if (best is null || _batches[i].MaxTimestamp > best.MaxTimestamp)
                {
                    best = _batches[i];
                }
            }
        }

        if (best is null)
        {
            return TimestampLookupResult.NotFound;
        }

        var record = RecordBatchParser.ReadTimestamps(best.Data).First(r => r.Timestamp == best.MaxTimestamp);
        return new TimestampLookupResult(best.BaseOffset + record.OffsetDelta, record.Timestamp);
    }

    /// <summary>Marks the partition deleted and wakes every waiting fetch so it can notice.</summary>
    public void Close()
    {
        TaskCompletionSource signal;
        lock (_sync)
        {
            _closed = true;
            _batches.Clear();
            _head = 0;
            signal = _appended;
        }

        signal.TrySetResult();
    }

    private void ApplyRetention(long nowMs)
    {
        var oldestAllowed = nowMs - (long)retention.MaxAge.TotalMilliseconds;

        // The newest batch always stays (like Kafka's active segment), so the log is never
        // emptied by a single batch that is larger than the budget or carries an old timestamp.
        while (_batches.Count - _head > 1)
        {
            var oldest = _batches[_head];
            if (_sizeBytes <= retention.MaxBytes && oldest.MaxTimestamp >= oldestAllowed)
            {
                break;
            }

            _sizeBytes -= oldest.Data.Length;
            _logStartOffset = oldest.NextOffset;
            _batches[_head] = null!;
            _head++;
        }

        if (_head >= CompactionThreshold && _head * 2 >= _batches.Count)
        {
            _batches.RemoveRange(0, _head);
            _head = 0;
        }
    }

    /// <summary>Index of the batch containing <paramref name="offset"/>, or the end if it is the high watermark.</summary>
    private int FindBatchIndex(long offset) => LowerBound(b => b.NextOffset > offset);

    /// <summary>First index in [head, count) for which the monotonic predicate holds.</summary>
    private int LowerBound(Func<StoredBatch, bool> predicate)
    {
        int low = _head, high = _batches.Count;
        while (low < high)
        {
            var mid = low + ((high - low) / 2);
            if (predicate(_batches[mid]))
            {
                high = mid;
            }
            else
            {
                low = mid + 1;
            }
        }

        return low;
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
