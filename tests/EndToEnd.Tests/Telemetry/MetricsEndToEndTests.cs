using System.Globalization;
using System.Net;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Telemetry;

/// <summary>/metrics of the real host while clients come and go.</summary>
public sealed class MetricsEndToEndTests(MetricsHostFixture host) : IClassFixture<MetricsHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private const string A = MetricsHostFixture.StreamA;
    private const string B = MetricsHostFixture.StreamB;
    private const string C = MetricsHostFixture.StreamC;

    private async Task<string> ScrapeAsync() => await host.Http.GetStringAsync("/metrics");

    /// <summary>The value of one series, or null when it is not exposed.</summary>
    private static double? Value(string scrape, string series)
    {
        foreach (var line in scrape.Split('\n'))
        {
            if (line.StartsWith(series + " ", StringComparison.Ordinal))
            {
                return double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
            }
        }
        return null;
    }

    private async Task<double?> ValueAsync(string series) => Value(await ScrapeAsync(), series);

    [Fact]
    public async Task Metrics_Get_IsPrometheusText()
    {
        // Labelled series appear once they have a value: open one connection first.
        using var cts = new CancellationTokenSource(Deadline);
        await using (var client = await SseClient.ConnectAsync(host.Http, $"/v2/stream/{C}"))
        {
            await client.WaitForPreambleAsync(cts.Token);
        }
        using var response = await host.Http.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType!.ToString());
        var text = await response.Content.ReadAsStringAsync();
        Assert.Contains("# TYPE eventstreams_connected_clients gauge", text);
        Assert.Contains("# TYPE eventstreams_client_connections_total counter", text);
        Assert.Contains("# TYPE eventstreams_stream_config_reload_failures_total counter", text);
        Assert.Contains("# TYPE eventstreams_events_delivered_total counter", text);
        Assert.Contains("# TYPE eventstreams_bytes_delivered_total counter", text);
        Assert.Contains("eventstreams_stream_config_streams", text);
        Assert.Contains("process_cpu_seconds_total", text);
    }

    [Fact]
    public async Task ConnectedClients_NClientsConnectThenAllLeave_GaugesBackToZeroAndCountersExact()
    {
        using var cts = new CancellationTokenSource(Deadline);
        // 3 clients of A alone, 2 of both (asked as "B,A": the counter's label is sorted).
        string[] paths = [$"/v2/stream/{A}", $"/v2/stream/{A}", $"/v2/stream/{A}", $"/v2/stream/{B},{A}", $"/v2/stream/{B},{A}"];
        var clients = new List<SseClient>();
        try
        {
            // Connect concurrently, so the gauges are updated from several threads at once.
            clients.AddRange(await Task.WhenAll(paths.Select(p => SseClient.ConnectAsync(host.Http, p))));
            await Task.WhenAll(clients.Select(c => c.WaitForPreambleAsync(cts.Token)));

            var scrape = await ScrapeAsync();
            Assert.Equal(5, Value(scrape, $"eventstreams_connected_clients{{stream=\"{A}\"}}"));
            Assert.Equal(2, Value(scrape, $"eventstreams_connected_clients{{stream=\"{B}\"}}"));
            Assert.Equal(3, Value(scrape, $"eventstreams_client_connections_total{{streams=\"{A}\"}}"));
            Assert.Equal(2, Value(scrape, $"eventstreams_client_connections_total{{streams=\"{A},{B}\"}}"));
            Assert.Null(Value(scrape, $"eventstreams_client_connections_total{{streams=\"{B},{A}\"}}"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }

        await Eventually.GetAsync(() => ValueAsync($"eventstreams_connected_clients{{stream=\"{A}\"}}"), v => v == 0, $"{A} gauge back to 0", Deadline);
        await Eventually.GetAsync(() => ValueAsync($"eventstreams_connected_clients{{stream=\"{B}\"}}"), v => v == 0, $"{B} gauge back to 0", Deadline);
        // Counters count connections ever opened: leaving does not change them.
        var after = await ScrapeAsync();
        Assert.Equal(3, Value(after, $"eventstreams_client_connections_total{{streams=\"{A}\"}}"));
        Assert.Equal(2, Value(after, $"eventstreams_client_connections_total{{streams=\"{A},{B}\"}}"));
        // A second look: a gauge that went back to 0 stays there (nothing decrements twice).
        await Task.Delay(200);
        Assert.Equal(0, await ValueAsync($"eventstreams_connected_clients{{stream=\"{A}\"}}"));
    }

    [Fact]
    public async Task ClientConnections_StreamNamedManyTimes_OneSeriesAndCountedOnce()
    {
        using var cts = new CancellationTokenSource(Deadline);
        const string D = MetricsHostFixture.StreamD;
        const int Repeats = 30;
        // "D,D", "D,D,D", …: each list used to make a series of its own, and the gauge counted D once per repeat.
        var clients = await Task.WhenAll(Enumerable.Range(2, Repeats)
            .Select(n => SseClient.ConnectAsync(host.Http, $"/v2/stream/{string.Join(",", Enumerable.Repeat(D, n))}")));
        try
        {
            await Task.WhenAll(clients.Select(c => c.WaitForPreambleAsync(cts.Token)));

            var scrape = await ScrapeAsync();
            Assert.Equal(Repeats, Value(scrape, $"eventstreams_client_connections_total{{streams=\"{D}\"}}"));
            Assert.DoesNotContain($"{D},{D}", scrape);
            Assert.Equal(Repeats, Value(scrape, $"eventstreams_connected_clients{{stream=\"{D}\"}}"));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
        await Eventually.GetAsync(() => ValueAsync($"eventstreams_connected_clients{{stream=\"{D}\"}}"), v => v == 0, $"{D} gauge back to 0", Deadline);
    }

    [Fact]
    public async Task Delivery_EventsToClients_CountsEventsBytesSubscribersAndConsumerPosition()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var before = await ScrapeAsync();
        var eventsBefore = Value(before, "eventstreams_events_delivered_total") ?? 0;
        var bytesBefore = Value(before, "eventstreams_bytes_delivered_total") ?? 0;
        const int Events = 5;
        await using var first = await SseClient.ConnectAsync(host.Http, $"/v2/stream/{C}");
        await using var second = await SseClient.ConnectAsync(host.Http, $"/v2/stream/{C}");
        await first.WaitForPreambleAsync(cts.Token);
        await second.WaitForPreambleAsync(cts.Token);

        for (var i = 0; i < Events; i++)
        {
            await host.Kafka.ProduceAsync(MetricsHostFixture.Topic, 0, $$"""{"n":{{i}}}""");
        }
        for (var i = 0; i < Events; i++)
        {
            Assert.NotNull(await first.ReadEventAsync(cts.Token));
            Assert.NotNull(await second.ReadEventAsync(cts.Token));
        }

        // Other test classes deliver in parallel on the same process-wide counters: at least ours.
        var scrape = await Eventually.GetAsync(ScrapeAsync,
            s => Value(s, "eventstreams_events_delivered_total") >= eventsBefore + 2 * Events, "events delivered counted", Deadline);
        Assert.True(Value(scrape, "eventstreams_bytes_delivered_total") > bytesBefore + 2 * Events * "{\"n\":0}".Length);
        var partition = $"topic=\"{MetricsHostFixture.Topic}\",partition=\"0\"";
        // One gateway node: one subscriber, however many connections.
        Assert.Equal(1, Value(scrape, $"eventstreams_topic_subscribers{{{partition}}}"));
        Assert.True(Value(scrape, $"eventstreams_topic_events_total{{{partition}}}") >= Events);
        scrape = await Eventually.GetAsync(ScrapeAsync,
            s => Value(s, $"eventstreams_consumer_position{{{partition}}}") >= Events && Value(s, $"eventstreams_consumer_lag{{{partition}}}") == 0,
            "consumer position sampled", Deadline);
        Assert.True(Value(scrape, $"eventstreams_consumer_high_watermark{{{partition}}}") >= Events);
        await Eventually.GetAsync(ScrapeAsync, s => Value(s, $"eventstreams_kafka_consumer_rx_messages{{{partition}}}") >= Events,
            "librdkafka statistics", Deadline);
    }
}
