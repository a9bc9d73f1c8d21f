using System.Diagnostics;
using EventStreams.Ui.Tests.Infrastructure;
using Xunit.Abstractions;

namespace EventStreams.Ui.Tests;

public sealed class BusyStreamTests(ExplorerHostFixture host, ChromiumFixture chromium, ITestOutputHelper output) : ExplorerTest(host, chromium)
{
    /// <summary>A burst far above any real stream's rate, produced as fast as the broker takes it.</summary>
    private const int BurstEvents = 5_000;

    /// <summary>The page's bounds (js/event-list.js): at most 200 rows, at most 5 list updates a second.</summary>
    private const int MaxRows = 200;
    private const double MaxRendersPerSecond = 5;

    [Fact]
    public async Task Burst_ThousandsOfEvents_CountsEveryOneAndRendersAtABoundedRate()
    {
        await using var explorer = await OpenAsync($"?streams={ExplorerHostFixture.Busy}");
        await explorer.Page.WaitForFunctionAsync("() => document.querySelector('#status').dataset.state === 'live'", null, new() { Timeout = ExplorerPage.WaitMs });
        // Each list update is one childList mutation record batch: count them.
        await explorer.Page.EvaluateAsync("""
            () => {
              window.__renders = 0;
              new MutationObserver(() => { window.__renders += 1; }).observe(document.querySelector('#events'), { childList: true });
            }
            """);
        var clock = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, BurstEvents).Select(seq => Host.Kafka.ProduceAsync(ExplorerHostFixture.Busy, 0, $$"""{"seq":{{seq}}}""")));
        var produced = clock.Elapsed;
        await explorer.WaitForReceivedAsync(BurstEvents, timeoutMs: 30_000);
        var counted = clock.Elapsed;
        await explorer.Page.WaitForFunctionAsync("n => document.querySelector('#events li.event .event-summary')?.textContent === `seq: ${n}`", BurstEvents - 1,
            new() { Timeout = ExplorerPage.WaitMs });
        var renders = await explorer.Page.EvaluateAsync<int>("() => window.__renders");
        var elapsed = clock.Elapsed;

        Assert.Equal(BurstEvents, await explorer.ReceivedAsync());
        var seqs = await explorer.SequenceNumbersAsync();
        // The newest, in order; a reconnect's note may take a row or two of the 200.
        Assert.Equal(BurstEvents - 1, seqs[0]);
        Assert.Equal(Enumerable.Range(seqs[^1], seqs.Length).Reverse(), seqs);
        Assert.InRange(seqs.Length, MaxRows - 2, MaxRows);
        Assert.InRange(await explorer.Page.Locator("#events li").CountAsync(), seqs.Length, MaxRows);
        // One update may be on its way when the clock starts, one more when it stops.
        Assert.InRange(renders, 1, elapsed.TotalSeconds * MaxRendersPerSecond + 2);
        output.WriteLine($"{BurstEvents} events produced in {produced.TotalMilliseconds:F0} ms; the page counted all of them after {counted.TotalMilliseconds:F0} ms "
            + $"({BurstEvents / counted.TotalSeconds:F0} events/s) and showed the newest after {elapsed.TotalMilliseconds:F0} ms, in {renders} list updates "
            + $"({renders / elapsed.TotalSeconds:F1}/s); {seqs.Length} rows on screen.");
        await explorer.AssertNoErrorsAsync();
    }
}
