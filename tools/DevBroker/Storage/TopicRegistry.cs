using System.Collections.Concurrent;
using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Storage;

/// <summary>
/// All topics of the broker. Lookups are lock-free; create and delete take a lock so that
/// "create if absent with this partition count" decisions are atomic.
/// </summary>
internal sealed class TopicRegistry(RetentionPolicy retention)
{
    private readonly Lock _sync = new();
    private readonly ConcurrentDictionary<string, Topic> _byName = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Guid, Topic> _byId = new();

    public Topic? Find(string name) => _byName.GetValueOrDefault(name);

    public Topic? Find(Guid id) => _byId.GetValueOrDefault(id);

    public IReadOnlyCollection<Topic> Snapshot() => [.. _byName.Values.OrderBy(t => t.Name, StringComparer.Ordinal)];

    /// <summary>Creates the topic, or reports why not. An existing topic is never changed.</summary>
    public ErrorCode TryCreate(string name, int partitions, out Topic? topic)
    {
        topic = null;
        if (!TopicNames.IsValid(name))
        {
            return ErrorCode.InvalidTopic;
        }

        if (partitions <= 0)
        {
            return ErrorCode.InvalidPartitions;
        }

        lock (_sync)
        {
            if (_byName.TryGetValue(name, out topic))
            {
                return ErrorCode.TopicAlreadyExists;
            }

            var logs = new PartitionLog[partitions];
            for (var i = 0; i < partitions; i++)
            {
                logs[i] = new PartitionLog(i, retention);
            }

            topic = new Topic(name, Guid.NewGuid(), logs);
            _byId[topic.Id] = topic;
            _byName[name] = topic;
            return ErrorCode.None;
        }
    }

    /// <summary>Returns the existing topic or creates it (used by metadata auto-creation).</summary>
    public Topic? GetOrCreate(string name, int partitions, out ErrorCode error)
    {
        error = TryCreate(name, partitions, out var topic);
        if (error == ErrorCode.TopicAlreadyExists)
        {
            error = ErrorCode.None;
        }

        return topic;
    }

    public ErrorCode Delete(Topic topic)
    {
        lock (_sync)
        {
            if (!_byName.TryRemove(new KeyValuePair<string, Topic>(topic.Name, topic)))
            {
                return ErrorCode.UnknownTopicOrPartition;
            }

            _byId.TryRemove(topic.Id, out _);
        }

        foreach (var partition in topic.Partitions)
        {
            partition.Close();
        }

        return ErrorCode.None;
    }

    public void EnforceRetention(long nowMs)
    {
        foreach (var topic in _byName.Values)
        {
            foreach (var partition in topic.Partitions)
            {
                partition.EnforceRetention(nowMs);
            }
        }
    }
}
