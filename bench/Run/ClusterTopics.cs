namespace EventStreams.Bench.Run;

/// <summary>The topics and streams of the cluster scenarios (C1, C2), beside the single host's.</summary>
public static class ClusterTopics
{
    public const string Fanout = "bench.cluster", Failover = "bench.failover";
    public const string FanoutStream = "bench-cluster", FailoverStream = "bench-failover";
    public const int FanoutPartitions = 2;

    /// <summary>Their entries in the stream configuration (YAML).</summary>
    public const string StreamConfig = $"""
        {FanoutStream}:
          topics: [{Fanout}]
        {FailoverStream}:
          topics: [{Failover}]
        """;

    public static IEnumerable<(string Name, int Partitions)> All(BenchOptions options) =>
        [(Fanout, FanoutPartitions), (Failover, options.FailoverPartitions)];
}
