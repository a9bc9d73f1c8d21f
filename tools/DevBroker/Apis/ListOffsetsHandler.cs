using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Storage;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// ListOffsets v1–v7 (flexible from v6): latest (-1), earliest (-2), max timestamp (-3, v7)
/// and lookup by timestamp using each record's own timestamp, not just batch maxima.
/// </summary>
internal sealed class ListOffsetsHandler(BrokerState state) : ApiHandler(ApiKey.ListOffsets, 1, 7, 6)
{
    private const long Latest = -1;
    private const long Earliest = -2;
    private const long MaxTimestamp = -3;

    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var reader = new KafkaReader(body.Span);
        reader.ReadInt32(); // replica id
        if (version >= 2)
        {
            reader.ReadInt8(); // isolation level: no transactions, so both levels agree
        }

        if (version >= 2)
        {
            response.WriteInt32(0); // throttle time
        }

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
                if (version >= 4)
                {
                    reader.ReadInt32(); // current leader epoch
                }

                var timestamp = reader.ReadInt64();
                reader.EndStruct(flexible);

                var (error, found) = Lookup(topic?.GetPartition(index), timestamp, version);
                response.WriteInt32(index);
                response.WriteInt16(error);
                response.WriteInt64(found.Timestamp);
                response.WriteInt64(found.Offset);
                if (version >= 4)
                {
                    response.WriteInt32(BrokerState.UnknownLeaderEpoch);
                }

                response.EndStruct(flexible);
            }

            reader.EndStruct(flexible);
            response.EndStruct(flexible);
        }

        reader.EndStruct(flexible);
        response.EndStruct(flexible);
        return ValueTask.FromResult(true);
    }

    private static (ErrorCode Error, TimestampLookupResult Found) Lookup(PartitionLog? log, long timestamp, short version)
    {
        if (log is null)
        {
            return (ErrorCode.UnknownTopicOrPartition, TimestampLookupResult.NotFound);
        }

        var (logStart, highWatermark) = log.GetOffsets();
        return timestamp switch
        {
            Latest => (ErrorCode.None, new TimestampLookupResult(highWatermark, -1)),
            Earliest => (ErrorCode.None, new TimestampLookupResult(logStart, -1)),
            MaxTimestamp when version >= 7 => (ErrorCode.None, log.FindMaxTimestampOffset()),
            >= 0 => (ErrorCode.None, log.FindOffsetForTimestamp(timestamp)),
            _ => (ErrorCode.InvalidRequest, TimestampLookupResult.NotFound),
        };
    }
}
