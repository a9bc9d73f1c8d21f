using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Storage;

namespace EventStreams.DevBroker.Apis;

/// <summary>DeleteTopics v0–v6 (flexible from v4; names or topic ids from v6). Deletion is immediate.</summary>
internal sealed class DeleteTopicsHandler(BrokerState state) : ApiHandler(ApiKey.DeleteTopics, 0, 6, 4)
{
    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var reader = new KafkaReader(body.Span);
        var requested = new List<(string? Name, Guid Id)>();
        var count = reader.ReadArrayLength(flexible);
        for (var i = 0; i < count; i++)
        {
            if (version >= 6)
            {
                var name = reader.ReadNullableString(flexible);
                var id = reader.ReadUuid();
                reader.EndStruct(flexible);
                requested.Add((name, id));
            }
            else
            {
                requested.Add((reader.ReadString(flexible), Guid.Empty));
            }
        }

        reader.ReadInt32(); // timeout
        reader.EndStruct(flexible);

        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(requested.Count, flexible);
        foreach (var (name, id) in requested)
        {
            var topic = name is not null ? state.Topics.Find(name) : state.Topics.Find(id);
            var error = topic is null
                ? name is null ? ErrorCode.UnknownTopicId : ErrorCode.UnknownTopicOrPartition
                : state.Topics.Delete(topic);

            if (version >= 6)
            {
                response.WriteNullableString(name ?? topic?.Name, flexible);
                response.WriteUuid(topic?.Id ?? id);
            }
            else
            {
                response.WriteString(name ?? string.Empty, flexible);
            }

            response.WriteInt16(error);
            if (version >= 5)
            {
                response.WriteNullableString(error == ErrorCode.None ? null : error.ToString(), flexible);
            }

            response.EndStruct(flexible);
        }

        response.EndStruct(flexible);
        return ValueTask.FromResult(true);
    }
}
