using System.Text;
using EventStreams.Gateway.Api;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Kafka;

namespace EventStreams.Gateway.Tests.Api;

/// <summary>KafkaSSE's getAvailableTopics and topicsToPartitionAssignment cases, on our planner.</summary>
public sealed class AssignmentPlannerTests
{
    private static readonly Dictionary<string, int> Cluster = new() { ["a"] = 2, ["b"] = 1, ["c"] = 1 };

    private static Task<TopicPartitions[]> PartitionsOf(string[] topics) =>
        Task.FromResult(topics.Select(t => new TopicPartitions(t, Cluster.GetValueOrDefault(t))).ToArray());

    private static StreamDefinition Stream(string name, string[] topics, string[]? allowed = null) =>
        new(name, topics, allowed ?? topics, "", null, null);

    [Fact]
    public async Task PlanAsync_TopicsOnly_EveryPartitionAtLiveEndInTopicOrder()
    {
        var (plan, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["b", "a"])], null, null, PartitionsOf);

        Assert.Null(error);
        Assert.Equal([("b", 0), ("a", 0), ("a", 1)], plan.Select(p => (p.Topic, p.Partition)));
        Assert.All(plan, p => Assert.Equal((null, InitialIdKind.Latest), (p.Start, p.InitialId)));
    }

    [Fact]
    public async Task PlanAsync_Since_EveryPartitionStartsAtTheTimestamp()
    {
        var (plan, _) = await AssignmentPlanner.PlanAsync([Stream("s", ["a"])], null, 1234, PartitionsOf);

        Assert.All(plan, p => Assert.Equal((new StartRequest(null, 1234), InitialIdKind.Resolved), (p.Start, p.InitialId)));
    }

    [Fact]
    public async Task PlanAsync_LastEventId_ReplacesTopicsAndEchoesObjects()
    {
        LastEventId.TryParse("""[{"topic":"c","partition":0,"offset":4,"x":1},{"topic":"a","partition":1,"timestamp":99},"b"]""", out var leid, out _);

        var (plan, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["a"], ["a", "b", "c"])], leid, 5, PartitionsOf);

        Assert.Null(error);
        Assert.Equal([("c", 0), ("a", 1), ("b", 0)], plan.Select(p => (p.Topic, p.Partition)));
        Assert.Equal(new StartRequest(4, null), plan[0].Start);
        Assert.Equal("""{"topic":"c","partition":0,"offset":4,"x":1}""", Encoding.UTF8.GetString(plan[0].EchoJson!));
        Assert.Equal((new StartRequest(null, 99), InitialIdKind.Resolved), (plan[1].Start, plan[1].InitialId));
        Assert.Equal(new StartRequest(null, 5), plan[2].Start); // since applies to topic names only
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-2)]
    [InlineData(-3)]
    [InlineData(-4)]
    [InlineData(-5)]
    [InlineData(-1000)]
    [InlineData(-62_135_596_800_000)]
    [InlineData(long.MinValue)]
    public async Task PlanAsync_TimestampBeforeTheEpoch_StartsAtTheEpochNotAKafkaSentinel(long timestamp)
    {
        LastEventId.TryParse($$"""[{"topic":"a","partition":0,"timestamp":{{timestamp}}},{"topic":"a","partition":1,"offset":7,"timestamp":{{timestamp}}}]""", out var leid, out _);

        var (plan, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["a"])], leid, null, PartitionsOf);

        Assert.Null(error);
        Assert.Equal(new StartRequest(null, 0), plan[0].Start);
        Assert.Equal(new StartRequest(7, 0), plan[1].Start);
        // The client's own element is echoed as sent.
        Assert.Contains($"\"timestamp\":{timestamp}", Encoding.UTF8.GetString(plan[1].EchoJson!));
    }

    [Theory]
    [InlineData(-1_000)]
    [InlineData(-62_135_596_800_000)]
    public async Task PlanAsync_SinceBeforeTheEpoch_StartsAtTheEpoch(long since)
    {
        var (plan, _) = await AssignmentPlanner.PlanAsync([Stream("s", ["a"])], null, since, PartitionsOf);

        Assert.All(plan, p => Assert.Equal(new StartRequest(null, 0), p.Start));
    }

    [Fact]
    public async Task PlanAsync_OffsetMinusOne_IsLiveWithTheClientsEntry()
    {
        LastEventId.TryParse("""[{"topic":"a","partition":0,"offset":-1}]""", out var leid, out _);
        var (plan, _) = await AssignmentPlanner.PlanAsync([Stream("s", ["a"])], leid, null, PartitionsOf);

        Assert.Equal((null, InitialIdKind.Echo), (plan[0].Start, plan[0].InitialId));
    }

    [Fact]
    public async Task PlanAsync_RepeatedPartition_KeepsFirstPlaceAndLastValue()
    {
        LastEventId.TryParse("""[{"topic":"a","partition":0,"offset":1},{"topic":"b","partition":0,"offset":2},{"topic":"a","partition":0,"offset":3}]""", out var leid, out _);
        var (plan, _) = await AssignmentPlanner.PlanAsync([Stream("s", ["a", "b"])], leid, null, PartitionsOf);

        Assert.Equal([("a", 3L), ("b", 2L)], plan.Select(p => (p.Topic, p.Start!.Offset!.Value)));
    }

    [Fact]
    public async Task PlanAsync_LastEventIdNamesTopicOutsideTopicsAllowed_404()
    {
        LastEventId.TryParse("""[{"topic":"c","partition":0,"offset":0}]""", out var leid, out _);
        var (_, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["a"], ["a", "b"])], leid, null, PartitionsOf);

        var (status, body) = await LastEventIdTests.ExecuteAsync(error!);
        Assert.Equal(404, status);
        Assert.Equal("Topics c are not available for consumption.", (string?)body["message"]);
        Assert.Equal("""["a","b"]""", body["availableTopics"]!.ToJsonString());
    }

    [Fact]
    public async Task PlanAsync_UnknownTopics_404NamingThem()
    {
        var (_, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["a", "nope", "gone"])], null, null, PartitionsOf);

        var (status, body) = await LastEventIdTests.ExecuteAsync(error!);
        Assert.Equal(404, status);
        Assert.Equal("Topics nope, gone are not available for consumption.", (string?)body["message"]);
    }

    [Fact]
    public async Task PlanAsync_NoAllowedTopicExists_500()
    {
        var (_, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["nope"])], null, null, PartitionsOf);

        var (status, body) = await LastEventIdTests.ExecuteAsync(error!);
        Assert.Equal(500, status);
        Assert.Equal("ConfigurationError", (string?)body["name"]);
        Assert.Equal("""["nope"]""", body["allowedTopics"]!.ToJsonString());
    }

    [Fact]
    public async Task PlanAsync_PartitionBeyondTopic_400()
    {
        LastEventId.TryParse("""[{"topic":"b","partition":3,"offset":0}]""", out var leid, out _);
        var (_, error) = await AssignmentPlanner.PlanAsync([Stream("s", ["b"])], leid, null, PartitionsOf);

        var (status, body) = await LastEventIdTests.ExecuteAsync(error!);
        Assert.Equal(400, status);
        Assert.Equal("Partition 3 of topic b does not exist.", (string?)body["message"]);
    }
}
