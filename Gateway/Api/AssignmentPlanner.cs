using System.Text;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Kafka;

namespace EventStreams.Gateway.Api;

/// <summary>How a partition's id entry looks before the partition has delivered anything.</summary>
internal enum InitialIdKind
{
    /// <summary>{"topic":…,"partition":…,"offset":-1}: live end.</summary>
    Latest,

    /// <summary>{"offset":N,"partition":…,"topic":…} with the resolved offset, in node-rdkafka's key order.</summary>
    Resolved,

    /// <summary>The client's own Last-Event-ID element, extra keys included.</summary>
    Echo,
}

/// <summary>One partition of a connection: where it starts and how its first id entry is written.</summary>
internal sealed record PlannedPartition(string Topic, int Partition, StartRequest? Start, InitialIdKind InitialId, byte[]? EchoJson);

/// <summary>
/// Turns a request (streams, Last-Event-ID, since) into the partitions to read, in id order,
/// with KafkaSSE's checks: Last-Event-ID replaces the streams' topics; every topic it names must
/// exist and be allowed (the union of the streams' topics_allowed, which default to their topics).
/// </summary>
internal static class AssignmentPlanner
{
    public static async Task<(PlannedPartition[] Plan, IResult? Error)> PlanAsync(
        IReadOnlyList<StreamDefinition> streams,
        RequestedAssignment[]? lastEventId,
        long? since,
        Func<string[], Task<TopicPartitions[]>> partitionsOf)
    {
        // Times before the epoch start at the oldest message, never at a Kafka sentinel (see StartTime).
        since = since is { } requestedSince ? StartTime.AtOrAfterEpoch(requestedSince) : null;
        var topics = streams.SelectMany(s => s.Topics).Distinct(StringComparer.Ordinal).ToArray();
        var allowed = streams.SelectMany(s => s.TopicsAllowed).Distinct(StringComparer.Ordinal).ToArray();
        var requested = lastEventId ?? [.. topics.Select(t => new TopicAssignment(t))];
        var named = requested.Select(r => r.Topic).Distinct(StringComparer.Ordinal).ToArray();

        var counts = (await partitionsOf([.. allowed.Union(named, StringComparer.Ordinal)]))
            .ToDictionary(t => t.Topic, t => t.Partitions, StringComparer.Ordinal);
        var available = allowed.Where(t => counts.GetValueOrDefault(t) > 0).ToArray();
        if (available.Length == 0)
        {
            return ([], KafkaSseError.NoTopicsAvailable(allowed));
        }
        var missing = named.Where(t => !available.Contains(t, StringComparer.Ordinal)).ToArray();
        if (missing.Length > 0)
        {
            return ([], KafkaSseError.TopicsNotAvailable(missing, available));
        }

        // Keyed by topic/partition: a repeated partition keeps its first place and takes the last value.
        var plan = new List<PlannedPartition>();
        var index = new Dictionary<(string, int), int>();
        void Add(PlannedPartition p)
        {
            if (index.TryGetValue((p.Topic, p.Partition), out var at))
            {
                plan[at] = p;
                return;
            }
            index[(p.Topic, p.Partition)] = plan.Count;
            plan.Add(p);
        }

        foreach (var assignment in requested)
        {
            switch (assignment)
            {
                case TopicAssignment t:
                    for (var p = 0; p < counts[t.Topic]; p++)
                    {
                        Add(since is { } ts
                            ? new PlannedPartition(t.Topic, p, new StartRequest(null, ts), InitialIdKind.Resolved, null)
                            : new PlannedPartition(t.Topic, p, null, InitialIdKind.Latest, null));
                    }
                    break;
                case PartitionAssignment a when a.Partition >= counts[a.Topic]:
                    return ([], KafkaSseError.InvalidAssignmentShape(a.Json, $"Partition {a.Partition} of topic {a.Topic} does not exist."));
                case PartitionAssignment a:
                    a = a with { Timestamp = a.Timestamp is { } stamp ? StartTime.AtOrAfterEpoch(stamp) : null };
                    var echo = Encoding.UTF8.GetBytes(a.Json.ToJsonString(EchoJsonOptions));
                    Add(a switch
                    {
                        // -1 is the live end: no look-up needed.
                        { Offset: -1, Timestamp: null } => new PlannedPartition(a.Topic, a.Partition, null, InitialIdKind.Echo, echo),
                        { Offset: not null } => new PlannedPartition(a.Topic, a.Partition, new StartRequest(a.Offset, a.Timestamp), InitialIdKind.Echo, echo),
                        _ => new PlannedPartition(a.Topic, a.Partition, new StartRequest(null, a.Timestamp), InitialIdKind.Resolved, null),
                    });
                    break;
            }
        }
        return ([.. plan], null);
    }

    private static readonly System.Text.Json.JsonSerializerOptions EchoJsonOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
}
