using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Silo.Operators;

/// <summary>What the operators' page shows (stats.json): the cluster's TopicGrains and its busiest client IPs.</summary>
internal sealed record OperatorSnapshot(
    DateTimeOffset GeneratedAt,
    GrainCounts TopicGrains,
    TopicPartitionStatus[] Topics,
    GrainCounts ClientIpGrains,
    ClientIpSlots[] TopClientIps);

/// <summary>
/// Activations of one grain type across the silos, how many of them this refresh read (at most
/// the cap), and how many of those did not answer in time.
/// </summary>
internal sealed record GrainCounts(int Active, int Read, int Unreadable);

/// <summary>One client IP and the connection slots it holds across gateways.</summary>
internal sealed record ClientIpSlots(string ClientIp, int Slots);
