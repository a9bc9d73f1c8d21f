using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Storage;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// Metadata v0–v12 (flexible from v9, topic ids from v10). Describes the single broker as
/// leader of everything and auto-creates requested topics when the options allow it.
/// </summary>
internal sealed class MetadataHandler(BrokerState state) : ApiHandler(ApiKey.Metadata, 0, 12, 9)
{
    /// <summary>Kafka's "authorized operations were not requested" marker.</summary>
    private const int AuthorizedOperationsOmitted = int.MinValue;

    private sealed record TopicRequest(Guid Id, string? Name);

    private sealed record TopicAnswer(ErrorCode Error, string? Name, Guid Id, Topic? Topic);

    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var (requested, allowAutoCreate) = Parse(body.Span, version, flexible);
        var answers = requested is null
            ? state.Topics.Snapshot().Select(t => new TopicAnswer(ErrorCode.None, t.Name, t.Id, t)).ToList()
            : requested.Select(r => Resolve(r, allowAutoCreate)).ToList();

        Write(response, version, flexible, answers);
        return ValueTask.FromResult(true);
    }

    private static (List<TopicRequest>? Topics, bool AllowAutoCreate) Parse(ReadOnlySpan<byte> body, short version, bool flexible)
    {
        var reader = new KafkaReader(body);
        var count = reader.ReadArrayLength(flexible);
        List<TopicRequest>? topics = null;

        // A null array (v1+) or an empty one in v0 means "all topics".
        if (count > 0 || (count == 0 && version >= 1))
        {
            topics = new List<TopicRequest>(count);
            for (var i = 0; i < count; i++)
            {
                var id = version >= 10 ? reader.ReadUuid() : Guid.Empty;
                var name = reader.ReadNullableString(flexible);
                reader.EndStruct(flexible);
                topics.Add(new TopicRequest(id, name));
            }
        }

        var allowAutoCreate = version < 4 || reader.ReadBool();
        if (version >= 8)
        {
            if (version <= 10)
            {
                reader.ReadBool(); // include cluster authorized operations
            }

            reader.ReadBool(); // include topic authorized operations
        }

        reader.EndStruct(flexible);
        return (topics, allowAutoCreate);
    }

    private TopicAnswer Resolve(TopicRequest request, bool allowAutoCreate)
    {
        if (request.Name is null)
        {
            var byId = state.Topics.Find(request.Id);
            return byId is null
                ? new TopicAnswer(ErrorCode.UnknownTopicId, null, request.Id, null)
                : new TopicAnswer(ErrorCode.None, byId.Name, byId.Id, byId);
        }

        var topic = state.Topics.Find(request.Name);
        if (topic is null && allowAutoCreate && state.Options.AutoCreateTopics)
        {
            topic = state.Topics.GetOrCreate(request.Name, state.Options.DefaultPartitions, out var error);
            if (error != ErrorCode.None)
            {
                return new TopicAnswer(error, request.Name, Guid.Empty, null);
            }
        }

        return topic is null
            ? new TopicAnswer(TopicNames.IsValid(request.Name) ? ErrorCode.UnknownTopicOrPartition : ErrorCode.InvalidTopic, request.Name, Guid.Empty, null)
            : new TopicAnswer(ErrorCode.None, topic.Name, topic.Id, topic);
    }

    private void Write(KafkaWriter w, short version, bool flexible, List<TopicAnswer> answers)
    {
        if (version >= 3)
        {
            w.WriteInt32(0); // throttle time
        }

        w.WriteArrayLength(1, flexible);
        w.WriteInt32(BrokerState.NodeId);
        w.WriteString(state.AdvertisedHost, flexible);
        w.WriteInt32(state.Port);
        if (version >= 1)
        {
            w.WriteNullableString(null, flexible); // rack
        }

        w.EndStruct(flexible);

        if (version >= 2)
        {
            w.WriteNullableString(BrokerState.ClusterId, flexible);
        }

        if (version >= 1)
        {
            w.WriteInt32(BrokerState.NodeId); // controller
        }

        w.WriteArrayLength(answers.Count, flexible);
        foreach (var answer in answers)
        {
            WriteTopic(w, version, flexible, answer);
        }

        if (version is >= 8 and <= 10)
        {
            w.WriteInt32(AuthorizedOperationsOmitted); // cluster authorized operations
        }

        w.EndStruct(flexible);
    }

    private static void WriteTopic(KafkaWriter w, short version, bool flexible, TopicAnswer answer)
    {
        w.WriteInt16(answer.Error);
        if (version >= 12)
        {
            w.WriteNullableString(answer.Name, flexible);
        }
        else
        {
            w.WriteString(answer.Name ?? string.Empty, flexible);
        }

        if (version >= 10)
        {
            w.WriteUuid(answer.Id);
        }

        if (version >= 1)
        {
            w.WriteBool(false); // internal
        }

        var partitions = answer.Topic?.Partitions ?? [];
        w.WriteArrayLength(partitions.Count, flexible);
        ReadOnlySpan<int> replicas = [BrokerState.NodeId];
        foreach (var partition in partitions)
        {
            w.WriteInt16(ErrorCode.None);
            w.WriteInt32(partition.PartitionIndex);
            w.WriteInt32(BrokerState.NodeId); // leader
            if (version >= 7)
            {
                w.WriteInt32(BrokerState.UnknownLeaderEpoch);
            }

            w.WriteInt32Array(replicas, flexible);
            w.WriteInt32Array(replicas, flexible); // in-sync replicas
            if (version >= 5)
            {
                w.WriteInt32Array([], flexible); // offline replicas
            }

            w.EndStruct(flexible);
        }

        if (version >= 8)
        {
            w.WriteInt32(AuthorizedOperationsOmitted);
        }

        w.EndStruct(flexible);
    }
}
