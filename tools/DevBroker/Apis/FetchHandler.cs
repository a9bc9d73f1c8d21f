using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Storage;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// Fetch v4–v12 (flexible from v12; v13+ would need topic ids). Long polling: when fewer than
/// MinBytes are available the request parks until any requested partition receives data or
/// MaxWait runs out, so consumers see new records as soon as they are appended.
/// </summary>
internal sealed class FetchHandler(BrokerState state) : ApiHandler(ApiKey.Fetch, 4, 12, 12)
{
    private sealed record PartitionAnswer(int Index, PartitionReadResult Result, List<StoredBatch> Batches);

    private sealed record TopicAnswer(string Name, List<PartitionAnswer> Partitions);

    public override async ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var request = FetchRequest.Parse(body.Span, version, flexible);
        if (request.SessionId != 0)
        {
            // We never hand out session ids, so a client presenting one is confused; tell it to start over.
            WriteResponse(response, version, flexible, ErrorCode.FetchSessionIdNotFound, []);
            return true;
        }

        var deadline = state.Time.GetTimestamp() + (long)(Math.Max(request.MaxWaitMs, 0) * (state.Time.TimestampFrequency / 1000.0));
        var (answers, bytes, anyError) = ReadAll(request);
        while (bytes < request.MinBytes && !anyError && !ct.IsCancellationRequested)
        {
            var remaining = state.Time.GetElapsedTime(state.Time.GetTimestamp(), deadline);
            if (remaining <= TimeSpan.Zero)
            {
                break;
            }

            // Take the wake-up signals before re-reading: an append that lands in between
            // completes a signal we already hold, so it cannot be missed.
            var signals = CollectSignals(request);
            (answers, bytes, anyError) = ReadAll(request);
            if (bytes >= request.MinBytes || anyError || signals.Count == 0)
            {
                break;
            }

            await WaitForAnyAsync(signals, remaining, ct).ConfigureAwait(false);
            (answers, bytes, anyError) = ReadAll(request);
        }

        WriteResponse(response, version, flexible, ErrorCode.None, answers);
        return true;
    }

    private (List<TopicAnswer> Answers, long Bytes, bool AnyError) ReadAll(FetchRequest request)
    {
        var answers = new List<TopicAnswer>(request.Topics.Count);
        long total = 0;
        var anyError = false;
        foreach (var topicRequest in request.Topics)
        {
            var topic = state.Topics.Find(topicRequest.Name);
            var partitions = new List<PartitionAnswer>(topicRequest.Partitions.Count);
            foreach (var partitionRequest in topicRequest.Partitions)
            {
                var batches = new List<StoredBatch>();
                var log = topic?.GetPartition(partitionRequest.Index);
                PartitionReadResult result;
                if (log is null)
                {
                    result = new PartitionReadResult(ErrorCode.UnknownTopicOrPartition, -1, -1, 0);
                }
                else
                {
                    var remaining = (int)Math.Clamp(request.MaxBytes - total, 0, int.MaxValue);
                    var limit = Math.Min(Math.Max(partitionRequest.MaxBytes, 0), remaining);

                    // The first batch of a partition may exceed the partition limit (and, if the
                    // response is still empty, the response limit) so oversized batches never stall a consumer.
                    var firstBatchLimit = total == 0 ? int.MaxValue : remaining;
                    result = log.Read(partitionRequest.Offset, limit, firstBatchLimit, batches);
                }

                anyError |= result.Error != ErrorCode.None;
                total += result.Bytes;
                partitions.Add(new PartitionAnswer(partitionRequest.Index, result, batches));
            }

            answers.Add(new TopicAnswer(topicRequest.Name, partitions));
        }

        return (answers, total, anyError);
    }

    private List<Task> CollectSignals(FetchRequest request)
    {
        var signals = new List<Task>();
        foreach (var topicRequest in request.Topics)
        {
            var topic = state.Topics.Find(topicRequest.Name);
            foreach (var partitionRequest in topicRequest.Partitions)
            {
                if (topic?.GetPartition(partitionRequest.Index) is { } log)
                {
                    signals.Add(log.WhenAppended());
                }
            }
        }

        return signals;
    }

    private static async Task WaitForAnyAsync(List<Task> signals, TimeSpan timeout, CancellationToken ct)
    {
        // The delay is cancelled as soon as data arrives so parked fetches do not pile up timers.
        using var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var delay = Task.Delay(timeout, delayCancellation.Token);
        signals.Add(delay);
        await Task.WhenAny(signals).ConfigureAwait(false);
        await delayCancellation.CancelAsync().ConfigureAwait(false);
    }

    private static void WriteResponse(KafkaWriter w, short version, bool flexible, ErrorCode topLevelError, List<TopicAnswer> answers)
    {
        w.WriteInt32(0); // throttle time
        if (version >= 7)
        {
            w.WriteInt16(topLevelError);
            w.WriteInt32(0); // session id: no incremental fetch sessions
        }

        w.WriteArrayLength(answers.Count, flexible);
        foreach (var topic in answers)
        {
            w.WriteString(topic.Name, flexible);
            w.WriteArrayLength(topic.Partitions.Count, flexible);
            foreach (var partition in topic.Partitions)
            {
                var result = partition.Result;
                w.WriteInt32(partition.Index);
                w.WriteInt16(result.Error);
                w.WriteInt64(result.HighWatermark);
                w.WriteInt64(result.HighWatermark); // last stable offset: no transactions, so it is the high watermark
                if (version >= 5)
                {
                    w.WriteInt64(result.LogStartOffset);
                }

                w.WriteArrayLength(-1, flexible); // aborted transactions: none
                if (version >= 11)
                {
                    w.WriteInt32(-1); // preferred read replica: none
                }

                w.WriteBytesLength(result.Bytes, flexible);
                foreach (var batch in partition.Batches)
                {
                    w.WriteRaw(batch.Data);
                }

                w.EndStruct(flexible);
            }

            w.EndStruct(flexible);
        }

        w.EndStruct(flexible);
    }
}
