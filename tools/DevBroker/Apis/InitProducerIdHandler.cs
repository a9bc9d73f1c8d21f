using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// InitProducerId v0–v4 (flexible from v2), so an idempotent producer can start. Ids are handed
/// out but sequence numbers are not checked, so retried batches may be stored twice.
/// Transactions are not supported: a transactional id is refused.
/// </summary>
internal sealed class InitProducerIdHandler() : ApiHandler(ApiKey.InitProducerId, 0, 4, 2)
{
    private long _lastProducerId;

    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var reader = new KafkaReader(body.Span);
        var transactionalId = reader.ReadNullableString(flexible);
        reader.ReadInt32(); // transaction timeout
        long existingId = -1;
        short existingEpoch = -1;
        if (version >= 3)
        {
            existingId = reader.ReadInt64();
            existingEpoch = reader.ReadInt16();
        }

        reader.EndStruct(flexible);

        var (error, producerId, epoch) = transactionalId is not null
            ? (ErrorCode.TransactionalIdAuthorizationFailed, -1L, (short)-1)
            : existingId >= 0
                ? (ErrorCode.None, existingId, (short)(existingEpoch + 1)) // re-initialisation bumps the epoch
                : (ErrorCode.None, Interlocked.Increment(ref _lastProducerId), (short)0);

        response.WriteInt32(0); // throttle time
        response.WriteInt16(error);
        response.WriteInt64(producerId);
        response.WriteInt16(epoch);
        response.EndStruct(flexible);
        return ValueTask.FromResult(true);
    }
}
