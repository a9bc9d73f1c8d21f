using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Records;
using EventStreams.DevBroker.Storage;
using Microsoft.Extensions.Logging;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// Produce v3–v9 (record batch v2 only; flexible from v9). Batches are validated, given offsets
/// and stored as sent. Produce never auto-creates topics, as on a real broker the client learns
/// about topics through Metadata first. With acks=0 no response is sent at all.
/// </summary>
internal sealed class ProduceHandler(BrokerState state) : ApiHandler(ApiKey.Produce, 3, 9, 9)
{
    private const long NoTimestamp = -1;

    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        // The request is decoded and answered in one pass: the response mirrors its layout.
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var reader = new KafkaReader(body.Span);
        var transactionalId = reader.ReadNullableString(flexible);
        var acks = reader.ReadInt16();
        reader.ReadInt32(); // timeout: appends are synchronous, nothing to wait for
        var nowMs = state.NowMs;

        var topicCount = reader.ReadArrayLength(flexible);
        response.WriteArrayLength(Math.Max(topicCount, 0), flexible);
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString(flexible);
            var topic = state.Topics.Find(name);
            response.WriteString(name, flexible);

            var partitionCount = reader.ReadArrayLength(flexible);
            response.WriteArrayLength(Math.Max(partitionCount, 0), flexible);
            for (var p = 0; p < partitionCount; p++)
            {
                var index = reader.ReadInt32();
                var records = reader.ReadBytes(flexible);
                reader.EndStruct(flexible);

                var (error, baseOffset, logStart) = acks is 0 or 1 or -1
                    ? transactionalId is null
                        ? Append(topic?.GetPartition(index), records, nowMs)
                        : (ErrorCode.TransactionalIdAuthorizationFailed, -1L, -1L)
                    : (ErrorCode.InvalidRequiredAcks, -1L, -1L);
                if (error != ErrorCode.None)
                {
                    state.Logger.LogDebug("Produce to {Topic}[{Partition}] failed: {Error}", name, index, error);
                }

                WritePartition(response, version, flexible, index, error, baseOffset, logStart);
            }

            reader.EndStruct(flexible);
            response.EndStruct(flexible);
        }

        reader.EndStruct(flexible);
        response.WriteInt32(0); // throttle time
        response.EndStruct(flexible);
        return ValueTask.FromResult(acks != 0);
    }

    /// <summary>Validates every batch first so a bad one leaves the partition untouched.</summary>
    private static (ErrorCode Error, long BaseOffset, long LogStartOffset) Append(PartitionLog? log, ReadOnlySpan<byte> records, long nowMs)
    {
        if (log is null)
        {
            return (ErrorCode.UnknownTopicOrPartition, -1, -1);
        }

        if (records.IsEmpty)
        {
            return (ErrorCode.CorruptMessage, -1, -1);
        }

        var batches = new List<RecordBatchInfo>(1);
        for (var position = 0; position < records.Length;)
        {
            var error = RecordBatchParser.Validate(records[position..], out var info);
            if (error != ErrorCode.None)
            {
                return (error, -1, -1);
            }

            batches.Add(info);
            position += info.Length;
        }

        long firstOffset = -1;
        var start = 0;
        foreach (var info in batches)
        {
            var offset = log.Append(records.Slice(start, info.Length), info, nowMs);
            if (offset < 0)
            {
                return (ErrorCode.UnknownTopicOrPartition, -1, -1);
            }

            firstOffset = firstOffset < 0 ? offset : firstOffset;
            start += info.Length;
        }

        return (ErrorCode.None, firstOffset, log.GetOffsets().LogStartOffset);
    }

    private static void WritePartition(KafkaWriter w, short version, bool flexible, int index, ErrorCode error, long baseOffset, long logStart)
    {
        w.WriteInt32(index);
        w.WriteInt16(error);
        w.WriteInt64(baseOffset);
        w.WriteInt64(NoTimestamp); // log append time: we keep CreateTime
        if (version >= 5)
        {
            w.WriteInt64(logStart);
        }

        if (version >= 8)
        {
            w.WriteArrayLength(0, flexible); // per-record errors
            w.WriteNullableString(null, flexible); // error message
        }

        w.EndStruct(flexible);
    }
}
