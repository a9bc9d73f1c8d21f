using EventStreams.TestKit;
using EventStreams.Tools.KafkaMock;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// The real host against a three-broker mock cluster whose brokers a test can take down, slow
/// down or make fail requests, and whose partition leaders it can move. One topic of two
/// partitions, replicated on every broker, each partition led by a broker of its own: a fault on
/// one partition's leader leaves the other partition healthy, which the tests check too.
/// </summary>
public class BrokerFaultsFixture : SiloHostFixture
{
    public const string Topic = "faults.events";
    public const string Stream = "faults";
    public const int Partitions = 2;

    // Three brokers: a partition can move to a broker that leads nothing, and metadata still has
    // two brokers to come from while one is down.
    private const int BrokerCount = 3;

    public static int InitialLeader(int partition) => partition + 1;

    public LibrdkafkaMockCluster Cluster => ((MockKafkaFixture)Kafka).Cluster;

    protected override Task<ITestKafka> StartKafkaAsync() => Task.FromResult<ITestKafka>(MockKafkaFixture.WithBrokers(BrokerCount));

    // Created in SeedAsync with a replication factor of its own.
    protected override IEnumerable<(string Topic, int Partitions)> Topics => [];

    protected override string StreamConfig => $"""
        {Stream}:
          topics: [{Topic}]
        """;

    protected override Task SeedAsync()
    {
        Cluster.CreateTopic(Topic, Partitions, replicationFactor: BrokerCount);
        for (var p = 0; p < Partitions; p++)
        {
            Cluster.SetPartitionLeader(Topic, p, InitialLeader(p));
        }
        return Task.CompletedTask;
    }
}

/// <summary>
/// The same, but the server ends every connection after a second, so clients resume with their
/// Last-Event-ID again and again while the fault lasts: the resume path (start resolution,
/// history reads, the seam to the live feed) meets the fault too.
/// </summary>
public sealed class ShortConnectionsBrokerFaultsFixture : BrokerFaultsFixture
{
    // Several resumes per client during a fault of seconds.
    private const string MaxConnectionDuration = "00:00:01";

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Gateway:MaxConnectionDuration", MaxConnectionDuration)];
}
