using System.Net;
using System.Text.Json.Nodes;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests;

/// <summary>Topics with history at known timestamps, on the dev broker (it looks offsets up by timestamp).</summary>
public sealed class PlaybackFixture : DevBrokerHostFixture
{
    /// <summary>A whole second, so epoch seconds and milliseconds name the same instant.</summary>
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);

    public const string History = "play.history";  // 2 partitions, 10 events each at T0 + i seconds
    public const string Burst = "play.burst";      // bursts that share a millisecond
    public const string Seam = "play.seam";        // a long history while new events arrive
    public const string Idle = "play.idle";        // idle until a test produces its one event
    public const string Late = "play.late";        // events far after the history
    public const string Ts01 = "kafkaSSE_ts_01", Ts02 = "kafkaSSE_ts_02";
    public const string Eqiad = "eqiad.play", Codfw = "codfw.play"; // a two-data-centre stream; codfw stays empty until a test

    protected override IEnumerable<(string Topic, int Partitions)> Topics =>
        [(History, 2), (Burst, 1), (Seam, 1), (Idle, 1), (Late, 1), (Ts01, 1), (Ts02, 1), (Eqiad, 1), (Codfw, 1)];

    protected override string StreamConfig => $"""
        history:
          topics: [{History}]
        burst:
          topics: [{Burst}]
        seam:
          topics: [{Seam}]
        idle:
          topics: [{Idle}]
        late:
          topics: [{Late}]
        ksse:
          topics: [{Ts01}, {Ts02}]
        twodc:
          topics: [{Eqiad}, {Codfw}]
        """;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Gateway:HeartbeatInterval", "00:00:00.300")];

    protected override async Task SeedAsync()
    {
        for (var i = 0; i < 10; i++)
        {
            for (var p = 0; p < 2; p++)
            {
                await Kafka.ProduceAsync(History, p, $$"""{"p":{{p}},"i":{{i}}}""", timestamp: T0.AddSeconds(i));
            }
        }
        await Kafka.ProduceAsync(Eqiad, 0, """{"old":1}""");
        var fiveMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Kafka.ProduceAsync(Ts01, 0, """{"id":100}""", timestamp: fiveMinutesAgo);
        await Kafka.ProduceAsync(Ts02, 0, """{"id":1}""", timestamp: fiveMinutesAgo);
        await Kafka.ProduceAsync(Ts02, 0, """{"id":2}""", timestamp: fiveMinutesAgo);
    }
}

/// <summary>since, Last-Event-ID timestamps, exact resume and the history → live seam.</summary>
public sealed class ResumeAndPlaybackTests(PlaybackFixture host) : IClassFixture<PlaybackFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static async Task<List<(SseEvent Event, JsonNode Data)>> ReadAsync(SseClient client, int count, CancellationToken cancellationToken)
    {
        var events = new List<(SseEvent, JsonNode)>();
        while (events.Count < count)
        {
            var e = await client.ReadEventAsync(cancellationToken) ?? throw new InvalidOperationException("The stream ended early.");
            events.Add((e, JsonNode.Parse(e.Data)!));
        }
        return events;
    }

    private static string? ResumeHeader(SseClient client, string name) =>
        client.Response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;

    [Fact]
    public async Task Resume_IdThisClusterIssued_ExactSaidInAHeaderNoComment()
    {
        using var cts = new CancellationTokenSource(Deadline);
        // After the message at offset 4 (timestamp T0 + 4 s), as the service writes it.
        var id = $$"""[{"topic":"{{PlaybackFixture.History}}","partition":0,"timestamp":{{PlaybackFixture.T0.AddSeconds(4).ToUnixTimeMilliseconds() + 1}},"offset":5}]""";
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/history", lastEventId: id);

        var first = (await ReadAsync(client, 1, cts.Token))[0];

        Assert.Equal(5, (int)first.Data["i"]!);
        Assert.Equal("exact", ResumeHeader(client, "EventStreams-Resume"));
        Assert.Null(ResumeHeader(client, "EventStreams-Resume-Detail"));
        Assert.DoesNotContain(client.Comments, c => c.StartsWith(": resume", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Resume_IdFromAnotherCluster_InexactByTimestampInTheHeaderAndAComment()
    {
        using var cts = new CancellationTokenSource(Deadline);
        // Offset 7 here holds another message than the id's timestamp says: the timestamp wins.
        var id = $$"""[{"topic":"{{PlaybackFixture.History}}","partition":1,"timestamp":{{PlaybackFixture.T0.AddSeconds(2).ToUnixTimeMilliseconds()}},"offset":7}]""";
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/history", lastEventId: id);

        var first = (await ReadAsync(client, 1, cts.Token))[0];

        Assert.Equal(2, (int)first.Data["i"]!);
        Assert.Equal("inexact", ResumeHeader(client, "EventStreams-Resume"));
        Assert.Equal($"{PlaybackFixture.History}/1=timestamp", ResumeHeader(client, "EventStreams-Resume-Detail"));
        Assert.Contains($": resume inexact: {PlaybackFixture.History}/1=timestamp", client.Comments);
    }

    [Fact]
    public async Task Resume_OffsetBeyondTheEnd_InexactBeyondEnd()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/history",
            lastEventId: $$"""[{"topic":"{{PlaybackFixture.History}}","partition":0,"offset":100000}]""");
        await client.WaitForPreambleAsync(cts.Token);

        Assert.Equal($"{PlaybackFixture.History}/0=beyond-end", ResumeHeader(client, "EventStreams-Resume-Detail"));
    }

    [Fact]
    public async Task Stream_LiveStart_NoResumeHeader()
    {
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/history");

        Assert.Null(ResumeHeader(client, "EventStreams-Resume"));
    }

    [Fact]
    public async Task Resume_PartitionThatNeverDelivered_ItsEventsFromWhileAwayArriveToo()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var seq = 0;
        string lastId;
        await using (var first = await SseClient.ConnectAsync(host.Http, "/v2/stream/twodc"))
        {
            await first.WaitForPreambleAsync(cts.Token);
            // Only eqiad is active while the client reads: codfw delivers nothing on this connection.
            for (var i = 0; i < 3; i++)
            {
                await host.Kafka.ProduceAsync(PlaybackFixture.Eqiad, 0, $$"""{"seq":{{seq++}}}""");
            }
            var received = await ReadAsync(first, 3, cts.Token);
            lastId = received[^1].Event.Id!;
        }
        var entries = JsonNode.Parse(lastId)!.AsArray();
        // codfw's entry is a real position (where the connection joined it), not the live end (-1).
        Assert.Equal("codfw.play", (string?)entries[1]!["topic"]);
        Assert.True((long)entries[1]!["offset"]! >= 0);

        // While the client is away both data centres produce; codfw becomes the active one.
        for (var i = 0; i < 4; i++)
        {
            await host.Kafka.ProduceAsync(PlaybackFixture.Eqiad, 0, $$"""{"seq":{{seq++}}}""");
            await host.Kafka.ProduceAsync(PlaybackFixture.Codfw, 0, $$"""{"seq":{{seq++}}}""");
        }
        await using var second = await SseClient.ConnectAsync(host.Http, "/v2/stream/twodc", lastEventId: lastId);
        var resumed = await ReadAsync(second, 8, cts.Token);

        Assert.Equal(Enumerable.Range(3, 8), resumed.Select(r => (int)r.Data["seq"]!).Order());
        Assert.Equal([3, 5, 7, 9], resumed.Where(r => (string?)r.Data["meta"]!["topic"] == PlaybackFixture.Eqiad).Select(r => (int)r.Data["seq"]!));
        Assert.Equal([4, 6, 8, 10], resumed.Where(r => (string?)r.Data["meta"]!["topic"] == PlaybackFixture.Codfw).Select(r => (int)r.Data["seq"]!));
        // And nothing more: the next event is one produced now.
        await host.Kafka.ProduceAsync(PlaybackFixture.Codfw, 0, """{"seq":99}""");
        Assert.Equal(99, (int)(await ReadAsync(second, 1, cts.Token))[0].Data["seq"]!);
    }

    [Fact]
    public async Task Stream_PartitionThatDeliversNothing_IdNamesItsOffsetAndThePreviousMessagesTimestamp()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/twodc");
        await client.WaitForPreambleAsync(cts.Token);
        var codfw = await host.Kafka.ProduceAsync(PlaybackFixture.Codfw, 0, """{"marker":true}""");

        var e = (await ReadAsync(client, 1, cts.Token))[0];
        var eqiad = JsonNode.Parse(e.Event.Id!)!.AsArray()[0]!;

        // eqiad has history: its entry is exactly the one its newest message left.
        var offset = (long)eqiad["offset"]!;
        Assert.True(offset > 0);
        Assert.NotNull(eqiad["timestamp"]);
        Assert.Equal(codfw.Offset.Value + 1, (long)JsonNode.Parse(e.Event.Id!)!.AsArray()[1]!["offset"]!);
    }

    [Theory]
    [InlineData("2026-09-21T14:13:20Z")] // T0 as ISO 8601
    [InlineData("Mon, 21 Sep 2026 14:13:20 GMT")] // T0 as RFC 1123
    [InlineData("1790000000000")] // epoch milliseconds
    [InlineData("1790000000")] // epoch seconds
    [InlineData("0001-01-01T00:00:00Z")] // before the epoch: from the oldest message
    [InlineData("1969-12-31T23:59:59Z")]
    [InlineData("Mon, 01 Jan 0001 00:00:00 GMT")]
    public async Task Since_AtOrBeforeFirstEvent_ReplaysEverythingThenLive(string since)
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/history?since={Uri.EscapeDataString(since)}");
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);

        var events = await ReadAsync(client, 20, cts.Token);

        foreach (var p in new[] { 0, 1 })
        {
            Assert.Equal(Enumerable.Range(0, 10), events.Where(e => (int)e.Data["p"]! == p).Select(e => (int)e.Data["i"]!));
        }
        // Before a partition delivers, its id entry is the looked-up offset, in node-rdkafka's key order.
        var first = events[0];
        var otherPartition = 1 - (int)first.Data["p"]!;
        var id = JsonNode.Parse(first.Event.Id!)!.AsArray();
        Assert.Equal($$"""{"offset":0,"partition":{{otherPartition}},"topic":"{{PlaybackFixture.History}}"}""", id[otherPartition]!.ToJsonString());
    }

    [Fact]
    public async Task Since_MiddleTimestamp_StartsAtFirstEventAtOrAfterIt()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var since = PlaybackFixture.T0.AddSeconds(6).AddMilliseconds(-500).ToUnixTimeMilliseconds();
        await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/history?since={since}");

        var events = await ReadAsync(client, 8, cts.Token);

        Assert.All(events, e => Assert.InRange((int)e.Data["i"]!, 6, 9));
        Assert.Equal(8, events.Select(e => ((int)e.Data["p"]!, (int)e.Data["i"]!)).Distinct().Count());
    }

    [Fact]
    public async Task Since_AfterEveryEvent_OnlyNewEvents()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await host.Kafka.ProduceAsync(PlaybackFixture.Late, 0, """{"i":"old"}""", timestamp: PlaybackFixture.T0);
        await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/late?since={PlaybackFixture.T0.AddHours(1).ToUnixTimeMilliseconds()}");
        await client.WaitForPreambleAsync(cts.Token);

        await host.Kafka.ProduceAsync(PlaybackFixture.Late, 0, """{"i":"new"}""", timestamp: PlaybackFixture.T0.AddHours(2));
        var e = (await ReadAsync(client, 1, cts.Token))[0];

        Assert.Equal("new", (string?)e.Data["i"]);
    }

    // The dev broker, like Kafka, reads -1, -2 and -3 as sentinels (latest, earliest, the newest
    // timestamp) and refuses other negative look-ups: -1 and -3 started at or near the live end, the rest answered 503.
    [Theory]
    [InlineData(-1)]
    [InlineData(-2)]
    [InlineData(-3)]
    [InlineData(-4)]
    [InlineData(-5)]
    [InlineData(-1000)]
    [InlineData(-62_135_596_800_000)]
    [InlineData(long.MinValue)]
    public async Task LastEventId_TimestampBeforeTheEpoch_StartsAtTheOldestMessage(long timestamp)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var lastEventId = $$"""[{"topic":"{{PlaybackFixture.History}}","partition":1,"timestamp":{{timestamp}}}]""";
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/history", lastEventId);
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);

        var events = await ReadAsync(client, 10, cts.Token);

        Assert.Equal(Enumerable.Range(0, 10), events.Select(e => (int)e.Data["i"]!));
        Assert.All(events, e => Assert.Equal(1, (int)e.Data["p"]!));
    }

    [Theory]
    [InlineData("1%00", @"1\u0000")]
    [InlineData("1%00garbage", @"1\u0000garbage")]
    [InlineData("2026-09-21T14:13:20Z%00", @"2026-09-21T14:13:20Z\u0000")]
    public async Task Since_TrailingGarbage_400InvalidTimestamp(string query, string echoed)
    {
        // Headers only first: read as a number, the request would start a stream that never ends.
        using var response = await host.Http.GetAsync($"/v2/stream/history?since={query}", HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal($$"""{"status":400,"type":"invalid_timestamp","title":"Invalid timestamp","detail":"since timestamp is not a UTC milliseconds unix epoch and was not parseable: '{{echoed}}'","method":"GET","uri":"/v2/stream/history?since={{query}}"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Since_NotATimestamp_400InvalidTimestamp()
    {
        var response = await host.Http.GetAsync("/v2/stream/history?since=last%20tuesday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("""{"status":400,"type":"invalid_timestamp","title":"Invalid timestamp","detail":"since timestamp is not a UTC milliseconds unix epoch and was not parseable: 'last tuesday'","method":"GET","uri":"/v2/stream/history?since=last%20tuesday"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task LastEventId_TimestampsTenMinutesAgo_DeliverTheThreeMessages()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var tenMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-10).ToUnixTimeMilliseconds();
        var lastEventId = $$"""[{"topic":"{{PlaybackFixture.Ts01}}","partition":0,"timestamp":{{tenMinutesAgo}}},{"topic":"{{PlaybackFixture.Ts02}}","partition":0,"timestamp":{{tenMinutesAgo}}}]""";
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/ksse", lastEventId);

        var events = await ReadAsync(client, 3, cts.Token);

        Assert.Equal([1, 2, 100], events.Select(e => (int)e.Data["id"]!).Order());
    }

    [Fact]
    public async Task CatchUp_EventsProducedWhileCatchingUp_ArriveExactlyOnceInOrder()
    {
        const int history = 3000, live = 500;
        var start = DateTimeOffset.UtcNow;
        for (var i = 0; i < history; i++)
        {
            await host.Kafka.ProduceAsync(PlaybackFixture.Seam, 0, $$"""{"seq":{{i}},"pad":"{{new string('x', 200)}}"}""", timestamp: start);
        }
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/seam?since={start.ToUnixTimeMilliseconds()}");
        await client.WaitForPreambleAsync(cts.Token);

        var producing = Task.Run(async () =>
        {
            for (var i = history; i < history + live; i++)
            {
                await host.Kafka.ProduceAsync(PlaybackFixture.Seam, 0, $$"""{"seq":{{i}}}""");
            }
        });
        var events = await ReadAsync(client, history + live, cts.Token);
        await producing;

        Assert.Equal(Enumerable.Range(0, history + live), events.Select(e => (int)e.Data["seq"]!));
    }

    [Fact]
    public async Task Resume_IdIssuedMidBurstSharingAMillisecond_NoGapNoDuplicate()
    {
        var (lastEventId, sentinel) = await BurstAndReadSevenAsync();

        using var cts = new CancellationTokenSource(Deadline);
        await using var resumed = await SseClient.ConnectAsync(host.Http, "/v2/stream/burst", lastEventId);
        var events = await ReadAsync(resumed, 14, cts.Token);

        Assert.Equal([.. Enumerable.Range(7, 13).Select(i => $"b{i}"), sentinel], events.Select(e => (string?)e.Data["seq"]));
    }

    [Fact]
    public async Task Resume_IdWithTimestampOnly_ContinuesAfterThatMillisecondAsTheOriginal()
    {
        var (lastEventId, sentinel) = await BurstAndReadSevenAsync();
        var entry = JsonNode.Parse(lastEventId)!.AsArray()[0]!.AsObject();
        entry.Remove("offset");

        using var cts = new CancellationTokenSource(Deadline);
        await using var resumed = await SseClient.ConnectAsync(host.Http, "/v2/stream/burst", $"[{entry.ToJsonString()}]");
        var events = await ReadAsync(resumed, 1, cts.Token);

        // Timestamp-only ids skip the rest of the millisecond: the reason ids now carry offsets.
        Assert.Equal(sentinel, (string?)events[0].Data["seq"]);
    }

    [Fact]
    public async Task Resume_OffsetThatDoesNotMatchThisCluster_FallsBackToTheTimestamp()
    {
        var (lastEventId, _) = await BurstAndReadSevenAsync();
        var entry = JsonNode.Parse(lastEventId)!.AsArray()[0]!.AsObject();
        var burstOffset = (long)entry["offset"]!;
        // Same offset, but a timestamp the message before it does not have: as if from another data centre.
        entry["timestamp"] = (long)entry["timestamp"]! - 1;

        using var cts = new CancellationTokenSource(Deadline);
        await using var resumed = await SseClient.ConnectAsync(host.Http, "/v2/stream/burst", $"[{entry.ToJsonString()}]");
        var events = await ReadAsync(resumed, 1, cts.Token);

        // The timestamp (one ms before the burst's + 1) finds the start of the burst, not offset + 0.
        Assert.Equal("b0", (string?)events[0].Data["seq"]);
        Assert.True((long)events[0].Data["meta"]!["offset"]! < burstOffset);
    }

    /// <summary>Produces 20 events sharing one millisecond and a later sentinel; reads 7 from the burst's start.</summary>
    private async Task<(string LastEventId, string Sentinel)> BurstAndReadSevenAsync()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var stamp = DateTimeOffset.UtcNow.AddSeconds(-30).AddTicks(-(DateTimeOffset.UtcNow.Ticks % TimeSpan.TicksPerMillisecond));
        var first = await host.Kafka.ProduceAsync(PlaybackFixture.Burst, 0, """{"seq":"b0"}""", timestamp: stamp);
        for (var i = 1; i < 20; i++)
        {
            await host.Kafka.ProduceAsync(PlaybackFixture.Burst, 0, $$"""{"seq":"b{{i}}"}""", timestamp: stamp);
        }
        var sentinel = $"s-{Guid.NewGuid():N}";
        await host.Kafka.ProduceAsync(PlaybackFixture.Burst, 0, $$"""{"seq":"{{sentinel}}"}""", timestamp: stamp.AddMilliseconds(5));

        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/burst",
            $$"""[{"topic":"{{PlaybackFixture.Burst}}","partition":0,"offset":{{first.Offset.Value}}}]""");
        var events = await ReadAsync(client, 7, cts.Token);
        Assert.Equal(Enumerable.Range(0, 7).Select(i => $"b{i}"), events.Select(e => (string?)e.Data["seq"]));
        return (events[^1].Event.Id!, sentinel);
    }

    [Fact]
    public async Task Heartbeat_IdleSseStream_GetsCommentLines()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/idle");
        await client.WaitForPreambleAsync(cts.Token);

        Assert.Equal(": heartbeat", await client.ReadLineAsync(cts.Token));
        Assert.Equal("", await client.ReadLineAsync(cts.Token));
        Assert.Equal(": heartbeat", await client.ReadLineAsync(cts.Token));
    }

    [Fact]
    public async Task Heartbeat_IdleNdjsonStream_GetsNone()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/idle", accept: "application/json");
        Assert.Equal("", await client.ReadLineAsync(cts.Token));

        // Several heartbeat intervals pass before anything is produced.
        await Task.Delay(TimeSpan.FromSeconds(1.5), cts.Token);
        await host.Kafka.ProduceAsync(PlaybackFixture.Idle, 0, """{"first":true}""");

        Assert.Equal(true, (bool?)JsonNode.Parse((await client.ReadLineAsync(cts.Token))!)!["first"]);
    }
}
