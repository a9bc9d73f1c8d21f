using Orleans.Placement;

namespace EventStreams.Grains.Topics;

/// <summary>
/// Places the partitions of a topic round-robin over the live silos, so consumers spread evenly:
/// with 2 silos and 8 partitions, each silo consumes 4. Orleans' hash placement hashes each grain
/// independently, which leaves one silo with most of a topic's partitions as often as not.
/// Only new activations are placed: when a silo dies its partitions move to the survivors, and
/// when it comes back the partitions activated from then on use it again.
/// </summary>
[Serializable, GenerateSerializer, Immutable, SuppressReferenceTracking]
public sealed class PartitionSpreadPlacement : PlacementStrategy
{
    internal static PartitionSpreadPlacement Instance { get; } = new();
}

/// <summary>Marks a grain keyed by (partition, topic) for <see cref="PartitionSpreadPlacement"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class PartitionSpreadPlacementAttribute() : PlacementAttribute(PartitionSpreadPlacement.Instance);
