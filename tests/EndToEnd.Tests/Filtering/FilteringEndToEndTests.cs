using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Filtering;

/// <summary>A recentchange-like topic with history at known times, on the dev broker (it looks offsets up by timestamp).</summary>
public sealed class FilteringFixture : DevBrokerHostFixture
{
    public static readonly DateTimeOffset T0 = DateTimeOffset.FromUnixTimeSeconds(1_790_000_000);

    public const string History = "filter.history"; // 24 events at T0 + i s (see Event)
    public const string Live = "filter.live";       // one topic per test, produced by the test
    public const string Multi = "filter.multi";
    public const string Resume = "filter.resume";
    public const string Canary = "filter.canary";
    public const string Ndjson = "filter.ndjson";

    protected override IEnumerable<(string Topic, int Partitions)> Topics =>
        [(History, 1), (Live, 1), (Multi, 1), (Resume, 1), (Canary, 1), (Ndjson, 1)];

    protected override string StreamConfig => string.Concat(
        new[] { ("history", History), ("live", Live), ("multi", Multi), ("resume", Resume), ("canary", Canary), ("ndjson", Ndjson) }
            .Select(s => $"{s.Item1}:\n  topics: [{s.Item2}]\n"));

    // Heartbeats carry a filtered stream's position: short, so a test sees one quickly.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Gateway:HeartbeatInterval", "00:00:00.300")];

    /// <summary>Event number <paramref name="seq"/>: wikis, types and bots in turn, and a canary every 6th.</summary>
    public static string Event(int seq) => JsonSerializer.Serialize(new
    {
        seq,
        wiki = seq % 2 == 0 ? "enwiki" : "dewiki",
        type = seq % 3 == 0 ? "new" : "edit",
        bot = seq % 4 == 0,
        meta = new { domain = seq % 6 == 5 ? "canary" : seq % 2 == 0 ? "en.wikipedia.org" : "de.wikipedia.org" },
    });

    public static bool IsCanary(int seq) => seq % 6 == 5;

    protected override async Task SeedAsync()
    {
        for (var i = 0; i < 24; i++)
        {
            await Kafka.ProduceAsync(History, 0, Event(i), timestamp: T0.AddSeconds(i));
        }
    }
}

/// <summary>Server-side filters (where=, canary=) end to end through Kafka: live, NDJSON, playback, resume, several filters.</summary>
public sealed class FilteringEndToEndTests(FilteringFixture host) : IClassFixture<FilteringFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    private static int Seq(SseEvent e) => (int)JsonNode.Parse(e.Data)!["seq"]!;

    /// <summary>The next event that carries data; position frames (an id, no data) are collected in <paramref name="positions"/>.</summary>
    private static async Task<SseEvent> NextAsync(SseClient client, CancellationToken cancellationToken, List<string>? positions = null)
    {
        while (true)
        {
            var e = await client.ReadEventAsync(cancellationToken) ?? throw new InvalidOperationException("The stream ended early.");
            if (e.Data.Length > 0)
            {
                return e;
            }
            positions?.Add(e.Id!);
        }
    }

    private async Task ProduceAsync(string topic, IEnumerable<int> seqs)
    {
        foreach (var seq in seqs)
        {
            await host.Kafka.ProduceAsync(topic, 0, FilteringFixture.Event(seq));
        }
    }

    [Fact]
    public async Task Stream_LiveWithFilter_OnlyMatchingEventsInOrderCanariesLeftOut()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/live?where=wiki=enwiki&where=type=edit|new&where=bot!=true");
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        await client.WaitForPreambleAsync(cts.Token);

        await ProduceAsync(FilteringFixture.Live, Enumerable.Range(0, 40));
        var expected = Enumerable.Range(0, 40).Where(s => s % 2 == 0 && s % 4 != 0 && !FilteringFixture.IsCanary(s)).ToList();
        var received = new List<int>();
        while (received.Count < expected.Count)
        {
            received.Add(Seq(await NextAsync(client, cts.Token)));
        }

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Stream_NdjsonWithFilter_OnlyMatchingLines()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, "/v2/stream/ndjson?where=meta.domain=de.*", accept: "application/json");
        Assert.Equal("application/json", client.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("", await client.ReadLineAsync(cts.Token)); // the NDJSON preamble

        await ProduceAsync(FilteringFixture.Ndjson, Enumerable.Range(0, 12));
        var expected = Enumerable.Range(0, 12).Where(s => s % 2 == 1 && !FilteringFixture.IsCanary(s)).ToList();
        var received = new List<int>();
        while (received.Count < expected.Count)
        {
            received.Add((int)JsonNode.Parse((await client.ReadLineAsync(cts.Token))!)!["seq"]!);
        }

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Stream_SinceWithFilter_HistoryFilteredTheSameWay()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/history?since={FilteringFixture.T0.ToUnixTimeMilliseconds()}&where=wiki=dewiki");

        var expected = Enumerable.Range(0, 24).Where(s => s % 2 == 1 && !FilteringFixture.IsCanary(s)).ToList();
        var received = new List<int>();
        while (received.Count < expected.Count)
        {
            received.Add(Seq(await NextAsync(client, cts.Token)));
        }

        Assert.Equal(expected, received);
    }

    [Fact]
    public async Task Resume_FilteredStreamAcrossSkippedEvents_ExactFromThePositionFrame()
    {
        using var cts = new CancellationTokenSource(Deadline);
        const string path = "/v2/stream/resume?where=type=new";
        string position;
        await using (var first = await SseClient.ConnectAsync(host.Http, path))
        {
            await first.WaitForPreambleAsync(cts.Token);
            await ProduceAsync(FilteringFixture.Resume, [0, 1, 2]); // 0 matches; 1 and 2 are filtered out
            Assert.Equal(0, Seq(await NextAsync(first, cts.Token)));
            // Nothing more matches: the next heartbeat carries the position past 1 and 2, as an id without data.
            var frame = await first.ReadEventAsync(cts.Token);
            Assert.Equal("", frame!.Data);
            position = frame.Id!;
        }
        var entry = JsonNode.Parse(position)!.AsArray().Single()!;
        Assert.Equal(3, (long)entry["offset"]!);

        await ProduceAsync(FilteringFixture.Resume, [4, 6]); // 6 matches
        await using var resumed = await SseClient.ConnectAsync(host.Http, path, lastEventId: position);

        Assert.Equal(6, Seq(await NextAsync(resumed, cts.Token)));
        Assert.Equal("exact", string.Join(",", resumed.Response.Headers.GetValues("EventStreams-Resume")));
    }

    [Fact]
    public async Task Stream_CanaryChoices_DefaultKeepsThemUnfilteredAndDropsThemFiltered()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var unfiltered = await SseClient.ConnectAsync(host.Http, "/v2/stream/canary");
        await using var excluded = await SseClient.ConnectAsync(host.Http, "/v2/stream/canary?canary=exclude");
        await using var filtered = await SseClient.ConnectAsync(host.Http, "/v2/stream/canary?where=seq");
        await using var included = await SseClient.ConnectAsync(host.Http, "/v2/stream/canary?where=seq&canary=include");
        foreach (var c in new[] { unfiltered, excluded, filtered, included })
        {
            await c.WaitForPreambleAsync(cts.Token);
        }

        await ProduceAsync(FilteringFixture.Canary, [4, 5, 6]); // 5 is a canary

        async Task<List<int>> ReadUntilSix(SseClient c)
        {
            var seqs = new List<int>();
            while (seqs.LastOrDefault(-1) != 6)
            {
                seqs.Add(Seq(await NextAsync(c, cts.Token)));
            }
            return seqs;
        }
        Assert.Equal([4, 5, 6], await ReadUntilSix(unfiltered));
        Assert.Equal([4, 6], await ReadUntilSix(excluded));
        Assert.Equal([4, 6], await ReadUntilSix(filtered));
        Assert.Equal([4, 5, 6], await ReadUntilSix(included));
    }

    [Fact]
    public async Task Stream_SeveralFiltersOnOneStream_EachConnectionGetsExactlyItsEvents()
    {
        using var cts = new CancellationTokenSource(Deadline);
        (string Where, Func<int, bool> Keeps)[] filters =
        [
            ("wiki=enwiki", s => s % 2 == 0),
            ("wiki=dewiki", s => s % 2 == 1),
            ("type=new", s => s % 3 == 0),
            ("wiki=enwiki", s => s % 2 == 0), // the same filter again: shares the evaluation
            ("bot=true", s => s % 4 == 0),
        ];
        var clients = new List<SseClient>();
        try
        {
            foreach (var (where, _) in filters)
            {
                var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/multi?where={where}");
                await client.WaitForPreambleAsync(cts.Token);
                clients.Add(client);
            }
            await ProduceAsync(FilteringFixture.Multi, Enumerable.Range(0, 30));

            for (var i = 0; i < filters.Length; i++)
            {
                var expected = Enumerable.Range(0, 30).Where(s => filters[i].Keeps(s) && !FilteringFixture.IsCanary(s)).ToList();
                var received = new List<int>();
                while (received.Count < expected.Count)
                {
                    received.Add(Seq(await NextAsync(clients[i], cts.Token)));
                }
                Assert.Equal(expected, received);
            }
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Theory]
    [InlineData("where=length%3E5", "where=length>5: unknown operator '>' (use =, !=, a path alone for present, or !path for absent).")]
    [InlineData("where==enwiki", "where==enwiki: the path is empty.")]
    [InlineData("canary=maybe", "canary must be include or exclude (was 'maybe').")]
    public async Task Stream_BadFilter_400InTheServiceShape(string query, string detail)
    {
        using var response = await host.Http.GetAsync($"/v2/stream/live?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid_filter", (string?)body["type"]);
        Assert.Equal(detail, (string?)body["detail"]);
    }
}
