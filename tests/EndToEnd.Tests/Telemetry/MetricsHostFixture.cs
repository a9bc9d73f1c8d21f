namespace EventStreams.EndToEnd.Tests.Telemetry;

/// <summary>
/// The real host with streams no other test uses. prometheus-net's registry is process-wide and
/// test classes run in parallel, so the metrics tests read only series labelled with these names.
/// </summary>
public sealed class MetricsHostFixture : SiloHostFixture
{
    public const string Topic = "metrics.topic";
    public const string StreamA = "metrics.a";
    public const string StreamB = "metrics.b";
    public const string StreamC = "metrics.c";
    public const string StreamD = "metrics.d"; // requested with repeats

    protected override IEnumerable<(string Topic, int Partitions)> Topics => [(Topic, 1)];

    protected override string StreamConfig => $"""
        {StreamA}:
          topics: [{Topic}]
        {StreamB}:
          topics: [{Topic}]
        {StreamC}:
          topics: [{Topic}]
        {StreamD}:
          topics: [{Topic}]
        """;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        // Sample consumer position and librdkafka statistics often, so the test need not wait long.
        new("TopicGrain:MetricsInterval", "00:00:00.200"),
    ];
}
