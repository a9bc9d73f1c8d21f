using System.Text;
using Orleans.Runtime.Placement;

namespace EventStreams.Grains.Topics;

/// <summary>
/// Picks silo number (hash(topic) + partition) mod silos, over the compatible silos in address
/// order: every silo computes the same answer, partitions of one topic land on consecutive silos,
/// and different topics start at different silos.
/// </summary>
internal sealed class PartitionSpreadPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        if (IPlacementDirector.GetPlacementHint(target.RequestContextData, silos) is { } hint)
        {
            return Task.FromResult(hint);
        }
        var sorted = silos.Order().ToArray();
        var partition = target.GrainIdentity.GetIntegerKey(out var topic);
        var slot = (StableHash(topic ?? "") + (ulong)partition) % (ulong)sorted.Length;
        return Task.FromResult(sorted[(int)slot]);
    }

    /// <summary>FNV-1a over the UTF-8 bytes: the same on every silo and every run (string.GetHashCode is not).</summary>
    internal static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }
        return hash;
    }
}
