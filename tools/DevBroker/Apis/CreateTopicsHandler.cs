using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Storage;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// CreateTopics v0–v7 (flexible from v5, topic id in the response from v7). Topic configs are
/// accepted and ignored; the only replication factor a one-node cluster can honour is 1.
/// </summary>
internal sealed class CreateTopicsHandler(BrokerState state) : ApiHandler(ApiKey.CreateTopics, 0, 7, 5)
{
    private const int UseDefault = -1;

    private sealed record TopicResult(string Name, ErrorCode Error, string? Message, Topic? Topic, int Partitions);

    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        var flexible = IsFlexible(version);
        var results = Execute(body.Span, version, flexible);

        if (version >= 2)
        {
            response.WriteInt32(0); // throttle time
        }

        response.WriteArrayLength(results.Count, flexible);
        foreach (var result in results)
        {
            response.WriteString(result.Name, flexible);
            if (version >= 7)
            {
                response.WriteUuid(result.Topic?.Id ?? Guid.Empty);
            }

            response.WriteInt16(result.Error);
            if (version >= 1)
            {
                response.WriteNullableString(result.Message, flexible);
            }

            if (version >= 5)
            {
                response.WriteInt32(result.Error == ErrorCode.None ? result.Partitions : -1);
                response.WriteInt16((short)(result.Error == ErrorCode.None ? 1 : -1)); // replication factor
                response.WriteArrayLength(0, flexible); // configs
            }

            response.EndStruct(flexible);
        }

        response.EndStruct(flexible);
        return ValueTask.FromResult(true);
    }

    private List<TopicResult> Execute(ReadOnlySpan<byte> body, short version, bool flexible)
    {
        var reader = new KafkaReader(body);
        var count = reader.ReadArrayLength(flexible);
        var requests = new List<(string Name, int Partitions, short ReplicationFactor)>(Math.Max(count, 0));
        for (var i = 0; i < count; i++)
        {
            var name = reader.ReadString(flexible);
            var partitions = reader.ReadInt32();
            var replicationFactor = reader.ReadInt16();
            var assignmentCount = reader.ReadArrayLength(flexible);
            for (var a = 0; a < assignmentCount; a++)
            {
                reader.ReadInt32(); // partition index
                reader.ReadInt32Array(flexible); // broker ids: there is only us
                reader.EndStruct(flexible);
            }

            if (assignmentCount > 0)
            {
                // A manual assignment fixes the partition count; every replica is this broker anyway.
                partitions = assignmentCount;
                replicationFactor = 1;
            }

            var configCount = reader.ReadArrayLength(flexible);
            for (var c = 0; c < configCount; c++)
            {
                reader.ReadString(flexible);
                reader.ReadNullableString(flexible);
                reader.EndStruct(flexible);
            }

            reader.EndStruct(flexible);
            requests.Add((name, partitions, replicationFactor));
        }

        reader.ReadInt32(); // timeout: creation is immediate
        var validateOnly = version >= 1 && reader.ReadBool();
        reader.EndStruct(flexible);

        var duplicates = requests.GroupBy(r => r.Name).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return [.. requests.Select(r => duplicates.Contains(r.Name)
            ? new TopicResult(r.Name, ErrorCode.InvalidRequest, "Topic appears more than once in the request.", null, 0)
            : Create(r.Name, r.Partitions, r.ReplicationFactor, validateOnly))];
    }

    private TopicResult Create(string name, int partitions, short replicationFactor, bool validateOnly)
    {
        if (partitions == UseDefault)
        {
            partitions = state.Options.DefaultPartitions;
        }

        if (replicationFactor is not (1 or UseDefault))
        {
            return new TopicResult(name, ErrorCode.InvalidReplicationFactor, "This development broker has a single node; use replication factor 1.", null, 0);
        }

        if (validateOnly)
        {
            var error = !TopicNames.IsValid(name) ? ErrorCode.InvalidTopic
                : partitions <= 0 ? ErrorCode.InvalidPartitions
                : state.Topics.Find(name) is not null ? ErrorCode.TopicAlreadyExists
                : ErrorCode.None;
            return new TopicResult(name, error, ErrorMessage(error, name), null, partitions);
        }

        var result = state.Topics.TryCreate(name, partitions, out var topic);
        return new TopicResult(name, result, ErrorMessage(result, name), topic, partitions);
    }

    private static string? ErrorMessage(ErrorCode error, string name) => error switch
    {
        ErrorCode.None => null,
        ErrorCode.TopicAlreadyExists => $"Topic '{name}' already exists.",
        ErrorCode.InvalidTopic => $"Topic name '{name}' is not valid.",
        ErrorCode.InvalidPartitions => "Number of partitions must be larger than 0.",
        _ => error.ToString(),
    };
}
