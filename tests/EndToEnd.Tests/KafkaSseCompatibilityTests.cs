using System.Net;
using System.Text.Json.Nodes;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests;

/// <summary>The original KafkaSSE fixtures: four single-partition topics with a few messages each.</summary>
public sealed class KafkaSseFixture : SiloHostFixture
{
    public const string T01 = "kafkaSSE_test_01", T02 = "kafkaSSE_test_02", T03 = "kafkaSSE_test_03", T04 = "kafkaSSE_test_04";

    /// <summary>Written to by a test, so the fixtures above stay as seeded.</summary>
    public const string Writable = "kafkaSSE_test_writable";

    protected override IEnumerable<(string Topic, int Partitions)> Topics => [(T01, 1), (T02, 1), (T03, 1), (T04, 1), (Writable, 1)];

    protected override string StreamConfig => $"""
        default:
          topics: [{T01}, {T02}, {T03}]
        restrictive:
          topics: [{T01}]
          topics_allowed: [{T01}, {T02}, {T03}]
        notallowed:
          topics: [{T04}]
          topics_allowed: [{T01}]
        partmissing:
          topics: [{T01}, kafkaSSE_nonexistent]
        notopics:
          topics: [kafkaSSE_nonexistent]
        writable:
          topics: [{Writable}]
        """;

    protected override async Task SeedAsync()
    {
        await Kafka.ProduceAsync(T01, 0, """{"id":100}""");
        await Kafka.ProduceAsync(T02, 0, """{"id":1}""");
        await Kafka.ProduceAsync(T02, 0, """{"id":2}""");
        await Kafka.ProduceAsync(T03, 0, "this is bad json!!!");
        await Kafka.ProduceAsync(T03, 0, """{"id":3}""");
        await Kafka.ProduceAsync(T04, 0, """{"id":1}""");
        await Kafka.ProduceAsync(T04, 0, """{"id":2}""");
    }
}

/// <summary>KafkaSSE's test list (spec §6) against the mock cluster, through the real host.</summary>
public sealed class KafkaSseCompatibilityTests(KafkaSseFixture host) : IClassFixture<KafkaSseFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private static string Id(params object[] entries) => new JsonArray([.. entries.Select(e => JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(e)))]).ToJsonString();

    private async Task<List<(SseEvent Event, JsonNode Data)>> ReadAsync(string path, string? lastEventId, int count)
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, path, lastEventId);
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        var events = new List<(SseEvent, JsonNode)>();
        while (events.Count < count)
        {
            var e = await client.ReadEventAsync(cts.Token) ?? throw new InvalidOperationException("The stream ended early.");
            events.Add((e, JsonNode.Parse(e.Data)!));
        }
        return events;
    }

    [Fact]
    public async Task Stream_Default_200ChunkedEventStreamWithOriginalHeaders()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/default");
        await client.WaitForPreambleAsync(cts.Token);

        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        Assert.True(client.Response.Headers.TransferEncodingChunked);
        Assert.Equal("text/event-stream", client.Response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache", client.Response.Headers.CacheControl?.ToString());
        Assert.Contains("keep-alive", client.Response.Headers.Connection);
    }

    [Fact]
    public async Task Stream_NoConfiguredTopicExists_500()
    {
        Assert.Equal(HttpStatusCode.InternalServerError, (await host.Http.GetAsync("/v2/stream/notopics")).StatusCode);
    }

    [Fact]
    public async Task LastEventId_Topic01AtOffset0_DeliversOffset0WithTimestampAndOffsetInId()
    {
        var events = await ReadAsync("/v2/stream/default", Id(new { topic = KafkaSseFixture.T01, partition = 0, offset = 0 }), 1);

        var (e, data) = events[0];
        Assert.Equal("message", e.Event);
        Assert.Equal(100, (int)data["id"]!);
        Assert.Equal(0, (int)data["meta"]!["offset"]!);
        var id = JsonNode.Parse(e.Id!)!.AsArray();
        Assert.Single(id);
        Assert.Equal(KafkaSseFixture.T01, (string?)id[0]!["topic"]);
        Assert.True((long)id[0]!["timestamp"]! > 0);
        Assert.Equal(1, (long)id[0]!["offset"]!);
    }

    [Fact]
    public async Task LastEventId_Topic02AtOffset0_DeliversOffsets0And1()
    {
        var events = await ReadAsync("/v2/stream/default", Id(new { topic = KafkaSseFixture.T02, partition = 0, offset = 0 }), 2);

        Assert.Equal([0, 1], events.Select(e => (int)e.Data["meta"]!["offset"]!));
        Assert.Equal([1, 2], events.Select(e => (int)e.Data["id"]!));
    }

    [Fact]
    public async Task LastEventId_TwoTopics_DeliversThreeMessages()
    {
        var events = await ReadAsync("/v2/stream/default",
            Id(new { topic = KafkaSseFixture.T01, partition = 0, offset = 0 }, new { topic = KafkaSseFixture.T02, partition = 0, offset = 0 }), 3);

        Assert.Equal([1, 2, 100], events.Select(e => (int)e.Data["id"]!).Order());
    }

    [Fact]
    public async Task LastEventId_EntriesNotYetDelivered_EchoedAsSentWithExtraKeys()
    {
        var events = await ReadAsync("/v2/stream/default",
            Id(new { topic = KafkaSseFixture.T02, partition = 0, offset = 2, dc = "eqiad" }, new { topic = KafkaSseFixture.T01, partition = 0, offset = 0 }), 1);

        var id = JsonNode.Parse(events[0].Event.Id!)!.AsArray();
        Assert.Equal($$"""{"topic":"{{KafkaSseFixture.T02}}","partition":0,"offset":2,"dc":"eqiad"}""", id[0]!.ToJsonString());
        Assert.Equal(KafkaSseFixture.T01, (string?)id[1]!["topic"]);
    }

    [Fact]
    public async Task LastEventId_BadJsonAtOffset0_SkippedAndOffset1Delivered()
    {
        var events = await ReadAsync("/v2/stream/default", Id(new { topic = KafkaSseFixture.T03, partition = 0, offset = 0 }), 1);

        Assert.Equal(3, (int)events[0].Data["id"]!);
        Assert.Equal(1, (int)events[0].Data["meta"]!["offset"]!);
    }

    [Fact]
    public async Task Stream_RouteTopicDoesNotExist_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v2/stream/partmissing")).StatusCode);
    }

    [Fact]
    public async Task Stream_RouteTopicNotAllowed_404()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await host.Http.GetAsync("/v2/stream/notallowed")).StatusCode);
    }

    [Theory]
    [InlineData("\"\"\"{nope", "SyntaxError")]
    [InlineData("""[{"partition":0,"offset":0}]""", "Error")]
    public async Task LastEventId_Invalid_400InvalidAssignmentError(string header, string originalName)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/stream/default");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", header);
        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("InvalidAssignmentError", originalName, 400), ((string?)body["name"], (string?)body["originalName"], (int)body["statusCode"]!));
    }

    [Theory]
    [InlineData("default", "kafkaSSE_nonexistent")]
    [InlineData("restrictive", KafkaSseFixture.T04)]
    public async Task LastEventId_TopicUnknownOrNotAllowed_404(string stream, string topic)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"/v2/stream/{stream}");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", Id(new { topic, partition = 0, offset = 0 }));
        var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal($"Topics {topic} are not available for consumption.", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["message"]);
    }

    [Fact]
    public async Task LastEventId_OffsetBeyondEnd_ResetsToLatestAndDeliversNewMessage()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await host.Kafka.ProduceAsync(KafkaSseFixture.Writable, 0, """{"id":"before"}""");
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/writable",
            Id(new { topic = KafkaSseFixture.Writable, partition = 0, offset = 99999999999 }));
        await client.WaitForPreambleAsync(cts.Token);

        var marker = Guid.NewGuid().ToString();
        var produced = await host.Kafka.ProduceAsync(KafkaSseFixture.Writable, 0, $$"""{"marker":"{{marker}}"}""");
        var e = await client.ReadEventAsync(cts.Token);

        var data = JsonNode.Parse(e!.Data)!;
        Assert.Equal(marker, (string?)data["marker"]);
        Assert.Equal(produced.Offset.Value, (long)data["meta"]!["offset"]!);
    }
}
