using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests;

/// <summary>Kafka → TopicGrain → gateway → a real HTTP client, through the real host.</summary>
public sealed class StreamEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private static readonly DateTimeOffset BaseTime = DateTimeOffset.FromUnixTimeMilliseconds(1_790_000_000_000);

    [Fact]
    public async Task Stream_EventsProducedAfterPreamble_ArriveWithMetaInPartitionOrderAndIds()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/test.stream");
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        Assert.Equal("text/event-stream", client.Response.Content.Headers.ContentType?.ToString());
        Assert.Equal("no-cache", client.Response.Headers.CacheControl?.ToString());
        await client.WaitForPreambleAsync(cts.Token);

        (string Topic, int Partition)[] targets = [(SiloHostFixture.Alpha, 0), (SiloHostFixture.Alpha, 1), (SiloHostFixture.Beta, 0)];
        var produced = new Dictionary<(string, int), List<(long Offset, long Timestamp, int Seq)>>();
        for (var seq = 0; seq < 30; seq++)
        {
            var (topic, partition) = targets[seq % 3];
            var timestamp = BaseTime.AddMilliseconds(seq);
            var result = await host.Kafka.ProduceAsync(topic, partition, $$$"""{"seq":{{{seq}}},"meta":{"domain":"test.example"}}""", timestamp: timestamp);
            produced.TryAdd((topic, partition), []);
            produced[(topic, partition)].Add((result.Offset.Value, timestamp.ToUnixTimeMilliseconds(), seq));
        }

        var received = new List<(SseEvent Event, JsonObject Data)>();
        while (received.Count < 30)
        {
            var e = await client.ReadEventAsync(cts.Token) ?? throw new InvalidOperationException("The stream ended early.");
            received.Add((e, JsonNode.Parse(e.Data)!.AsObject()));
        }

        // Content: every event is a message whose meta names where it came from.
        Assert.All(received, r => Assert.Equal("message", r.Event.Event));
        Assert.All(received, r => Assert.Equal("test.example", (string?)r.Data["meta"]!["domain"]));
        // Per-partition order: each partition's events arrive in produce order, none missing, none twice.
        foreach (var ((topic, partition), expected) in produced)
        {
            var got = received.Where(r => (string?)r.Data["meta"]!["topic"] == topic && (int)r.Data["meta"]!["partition"]! == partition).ToList();
            Assert.Equal(expected.Select(x => x.Offset), got.Select(r => (long)r.Data["meta"]!["offset"]!));
            Assert.Equal(expected.Select(x => x.Seq), got.Select(r => (int)r.Data["seq"]!));
        }
        // Ids: one entry per partition in assignment order. Until a partition delivers, its entry names
        // where the connection joined it (the offset of its first event here), then the timestamp + 1
        // and offset + 1 of the last event it delivered on this connection.
        var last = new Dictionary<string, (long Timestamp, long Offset)>();
        foreach (var (e, data) in received)
        {
            last[$"{data["meta"]!["topic"]}/{data["meta"]!["partition"]}"] =
                (BaseTime.AddMilliseconds((int)data["seq"]!).ToUnixTimeMilliseconds(), (long)data["meta"]!["offset"]!);
            var id = JsonNode.Parse(e.Id!)!.AsArray();
            Assert.Equal(targets.Select(t => $"{t.Topic}/{t.Partition}"), id.Select(x => $"{x!["topic"]}/{x["partition"]}"));
            foreach (var entry in id)
            {
                var key = $"{entry!["topic"]}/{entry["partition"]}";
                if (last.TryGetValue(key, out var position))
                {
                    Assert.Equal(position.Timestamp + 1, (long)entry["timestamp"]!);
                    Assert.Equal(position.Offset + 1, (long)entry["offset"]!);
                }
                else
                {
                    var (topic, partition) = (SplitKey(key).Topic, SplitKey(key).Partition);
                    Assert.Equal(produced[(topic, partition)][0].Offset, (long)entry["offset"]!);
                }
            }
        }
    }

    private static (string Topic, int Partition) SplitKey(string key)
    {
        var slash = key.LastIndexOf('/');
        return (key[..slash], int.Parse(key[(slash + 1)..]));
    }

    [Fact]
    public async Task Stream_AliasAndCanonicalNameTogether_TopicsAreNotDuplicated()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/test,test.stream,beta.only");
        await client.WaitForPreambleAsync(cts.Token);

        await host.Kafka.ProduceAsync(SiloHostFixture.Beta, 0, """{"alias":true}""");
        var e = await client.ReadEventAsync(cts.Token);

        var id = JsonNode.Parse(e!.Id!)!.AsArray();
        Assert.Equal(3, id.Count);
        Assert.True((bool)JsonNode.Parse(e.Data)!["alias"]!);
    }

    [Fact]
    public async Task Stream_AcceptApplicationJson_ServesNdjsonWithoutIds()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/beta.only", accept: "application/json");
        Assert.Equal("application/json; charset=utf-8", client.Response.Content.Headers.ContentType?.ToString());
        Assert.Equal("", await client.ReadLineAsync(cts.Token));

        await host.Kafka.ProduceAsync(SiloHostFixture.Beta, 0, """{"ndjson":1}""");
        var line = await client.ReadLineAsync(cts.Token);

        var data = JsonNode.Parse(line!)!.AsObject();
        Assert.Equal(1, (int)data["ndjson"]!);
        Assert.Equal(SiloHostFixture.Beta, (string?)data["meta"]!["topic"]);
    }

    [Fact]
    public async Task Stream_UnknownStreamName_Returns400WithOriginalErrorBody()
    {
        var response = await host.Http.GetAsync("/v2/stream/test,nope,?since=x");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal("""{"status":400,"type":"not_found","title":"Stream Not Found","detail":"Invalid streams: nope,","method":"GET","uri":"/v2/stream/test,nope,?since=x"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_NoConfiguredTopicExists_Returns500ConfigurationError()
    {
        var response = await host.Http.GetAsync("/v2/stream/missing.topic");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("ConfigurationError", (string?)body["name"]);
        Assert.Equal("KafkaSSE", (string?)body["origin"]);
        Assert.Equal(500, (int)body["statusCode"]!);
    }

    [Fact]
    public async Task Stream_OneConfiguredTopicMissing_Returns404TopicNotAvailable()
    {
        var response = await host.Http.GetAsync("/v2/stream/half.missing");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"message":"Topics e2e.missing are not available for consumption.","origin":"KafkaSSE","name":"TopicNotAvailableError","availableTopics":["e2e.beta"],"statusCode":404}""",
            await response.Content.ReadAsStringAsync());
    }
}
