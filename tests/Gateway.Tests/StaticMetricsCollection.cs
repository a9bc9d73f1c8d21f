namespace EventStreams.Gateway.Tests;

/// <summary>
/// Tests that assert exact changes of prometheus-net's process-wide counters run alone: a test in
/// another class running at the same time would move the same counter.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class StaticMetricsCollection
{
    public const string Name = "static metrics";
}
