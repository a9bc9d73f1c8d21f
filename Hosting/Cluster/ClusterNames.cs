namespace EventStreams.Hosting.Cluster;

/// <summary>Names of the providers every node registers, shared by the grains that use them.</summary>
public static class ClusterNames
{
    /// <summary>Grain storage for per-IP connection slots: Redis in a Redis cluster, so a silo's death loses none.</summary>
    public const string ClientSlotsStorage = "clientSlots";

    /// <summary>The Orleans Streaming provider (memory streams) for cluster-wide notifications.</summary>
    public const string StreamProvider = "cluster";

    /// <summary>The storage Orleans Streaming keeps its subscriptions in (the name Orleans looks for).</summary>
    public const string PubSubStorage = "PubSubStore";
}
