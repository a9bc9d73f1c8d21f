using System.Diagnostics;
using EventStreams.Ui.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EventStreams.Ui.Tests;

/// <summary>A stream far busier than any a person can read: the page counts everything and draws at a bounded rate.</summary>
public sealed class BusyStreamTests(ExplorerHostFixture host, ChromiumFixture chromium, ITestOutputHelper output) : ExplorerTest(host, chromium)
{
    /// <summary>A burst produced as fast as the broker takes it.</summary>
    private const int BurstEvents = 5_000;

    /// <summary>A sustained busy stream: 2,000 events/s (batches of 100 every 50 ms) for 3 s.</summary>
    private const int BatchEvents = 100;
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan SustainedFor = TimeSpan.FromSeconds(3);

    /// <summary>The page's bounds (js/event-list.js): at most 200 rows, at most 5 list updates a second.</summary>
    private const int MaxRows = 200;
    private const double MaxRendersPerSecond = 5;

    [Fact]
    public async Task Burst_ThousandsOfEvents_CountsEveryOneAndRendersAtABoundedRate()
    {
        await using var explorer = await OpenLiveAsync();
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, BurstEvents).Select(Produce));

        await AssertAllCountedNewestShownAsync(explorer, BurstEvents, clock, "burst");
    }

    [Fact]
    public async Task Sustained_2000EventsASecond_CountsEveryOneAndRendersAtABoundedRate()
    {
        await using var explorer = await OpenLiveAsync();
        var clock = Stopwatch.StartNew();
        List<Task> deliveries = [];

        using (var timer = new PeriodicTimer(BatchInterval))
        {
            while (clock.Elapsed < SustainedFor && await timer.WaitForNextTickAsync())
            {
                deliveries.AddRange(Enumerable.Range(deliveries.Count, BatchEvents).Select(Produce));
            }
        }
        await Task.WhenAll(deliveries);

        await AssertAllCountedNewestShownAsync(explorer, deliveries.Count, clock, "sustained");
    }

    private Task Produce(int seq) => Host.Kafka.ProduceAsync(ExplorerHostFixture.Busy, 0, $$"""{"seq":{{seq}}}""");

    /// <summary>The page on the busy stream, live, counting its list updates (one childList mutation batch each).</summary>
    private async Task<ExplorerPage> OpenLiveAsync()
    {
        var explorer = await OpenAsync($"?streams={ExplorerHostFixture.Busy}");
        await explorer.WaitForStateAsync("live");
        await explorer.Page.EvaluateAsync("""
            () => {
              window.__renders = 0;
              new MutationObserver(() => { window.__renders += 1; }).observe(document.querySelector('#events'), { childList: true });
            }
            """);
        return explorer;
    }

    private async Task AssertAllCountedNewestShownAsync(ExplorerPage explorer, int produced, Stopwatch clock, string what)
    {
        var producedAfter = clock.Elapsed;
        await explorer.WaitForReceivedAsync(produced, timeoutMs: 30_000);
        var countedAfter = clock.Elapsed;
        await explorer.Page.WaitForFunctionAsync("n => document.querySelector('#events li.event .event-summary')?.textContent === `seq: ${n}`", produced - 1,
            new() { Timeout = ExplorerPage.WaitMs });
        var renders = await explorer.Page.EvaluateAsync<int>("() => window.__renders");
        var elapsed = clock.Elapsed;

        Assert.Equal(produced, await explorer.ReceivedAsync());
        // The newest, in order; a reconnect's note may take a row or two of the 200.
        var seqs = await explorer.SequenceNumbersAsync();
        Assert.Equal(produced - 1, seqs[0]);
        Assert.Equal(Enumerable.Range(seqs[^1], seqs.Length).Reverse(), seqs);
        Assert.InRange(seqs.Length, MaxRows - 2, MaxRows);
        Assert.InRange(await explorer.Page.Locator("#events li").CountAsync(), seqs.Length, MaxRows);
        // One update may be on its way when the clock starts, one more when it stops.
        Assert.InRange(renders, 1, elapsed.TotalSeconds * MaxRendersPerSecond + 2);
        output.WriteLine($"{what}: {produced} events produced in {producedAfter.TotalMilliseconds:F0} ms; the page counted all of them after "
            + $"{countedAfter.TotalMilliseconds:F0} ms and showed the newest after {elapsed.TotalMilliseconds:F0} ms, in {renders} list updates "
            + $"({renders / elapsed.TotalSeconds:F1}/s); {seqs.Length} event rows on screen.");
        await explorer.AssertNoErrorsAsync();
    }
}
