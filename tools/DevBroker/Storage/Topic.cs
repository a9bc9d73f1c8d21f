namespace EventStreams.DevBroker.Storage;

/// <summary>A topic: its name, the id newer protocol versions use, and its partitions.</summary>
internal sealed class Topic(string name, Guid id, PartitionLog[] partitions)
{
    public string Name { get; } = name;
    public Guid Id { get; } = id;
    public IReadOnlyList<PartitionLog> Partitions { get; } = partitions;

    public PartitionLog? GetPartition(int index) =>
        index >= 0 && index < Partitions.Count ? Partitions[index] : null;
}
