using EventStreams.Ui.Tests.Infrastructure;

namespace EventStreams.Ui.Tests;

/// <summary>The page's own modules, loaded in Chromium from the service as the page loads them, with made-up input.</summary>
public sealed class ModuleTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    /// <summary>Runs a script (which imports what it tests from /v2/ui/js/) in the explorer's page and returns its result.</summary>
    private async Task<T> EvaluateAsync<T>(string script, object? arg = null)
    {
        await using var explorer = await OpenAsync();
        var result = await explorer.Page.EvaluateAsync<T>(script, arg);
        await explorer.AssertNoErrorsAsync();
        return result;
    }

    [Fact]
    public async Task RateMeter_TenEventsASecondFor20Seconds_ShowsTenAndTheMinute()
    {
        var result = await EvaluateAsync<double[]>("""
            async () => {
              const { RateMeter } = await import('/v2/ui/js/rates.js');
              const meter = new RateMeter();
              meter.reset(['s'], 1_000_000);
              for (let t = 1_000_000; t < 1_020_000; t += 100) meter.add('s', t);
              const [row] = meter.snapshot(1_020_000);
              const early = new RateMeter();
              early.reset(['s'], 0);
              for (let t = 0; t < 300; t += 100) early.add('s', t);
              return [row.perSecond, row.total, row.history.length, row.history.at(-1), row.history.at(-21), early.snapshot(300)[0].perSecond];
            }
            """);

        // 10/s, 200 in all, a minute of history whose last 20 s hold 10 each; 3 events in the first 0.3 s count as 3/s, not 10.
        Assert.Equal([10, 200, 60, 10, 0, 3], result);
    }

    [Fact]
    public async Task EventBuffer_MoreThanItsCapacity_KeepsTheNewestAndCountsAll()
    {
        var result = await EvaluateAsync<int[]>("""
            async () => {
              const { EventBuffer } = await import('/v2/ui/js/event-buffer.js');
              const buffer = new EventBuffer(3);
              for (let i = 0; i < 5; i++) buffer.push({ kind: 'event', n: i });
              buffer.push({ kind: 'note' });
              return [buffer.received, ...buffer.since(0, 10).map((e) => e.seq), ...buffer.since(4, 10).map((e) => e.seq), ...buffer.since(0, 1).map((e) => e.seq)];
            }
            """);

        // 5 events counted (the note is not); the ring holds entries 3–5; from 4 on: 5, 4; at most 1: 5.
        Assert.Equal([5, 5, 4, 3, 5, 4, 5], result);
    }

    [Theory]
    [InlineData("""{"meta":{"domain":"en.wikipedia.org"},"type":"edit","title":"Ada Lovelace","user":"WikiGnome42"}""", "en.wikipedia.org · edit · Ada Lovelace · WikiGnome42")]
    [InlineData("""{"meta":{"domain":"de.wikipedia.org"},"page_title":"Coral_reef","rev_id":5,"performer":{"user_text":"X"}}""", "de.wikipedia.org · new page · Coral reef · X")]
    [InlineData("""{"seq":7,"p":0,"nested":{"a":1},"note":"x"}""", "seq: 7 · p: 0 · note: x")]
    public async Task Summarize_Event_OneReadableLine(string json, string expected)
    {
        var summary = await EvaluateAsync<string>(
            "async (json) => (await import('/v2/ui/js/summary.js')).summarize(JSON.parse(json))", json);

        Assert.Equal(expected, summary);
    }

    [Fact]
    public async Task StreamUrlAndLink_WithFilter_KeepTheConditionsReadable()
    {
        var result = await EvaluateAsync<string[]>("""
            async () => {
              const { streamPath, pageQuery } = await import('/v2/ui/js/stream-url.js');
              const filter = [['where', 'type=edit|new'], ['where', '!bot'], ['where', 'title=A&B c'], ['canary', 'include']];
              return [streamPath(['a', 'b'], '', filter), pageQuery(['a'], '2026-01-02T03:04:05.000Z', filter), streamPath(['a'], '', []), pageQuery(['a'], '', [])];
            }
            """);

        // = and | as typed; what the query itself uses (&, space, :) escaped; nothing when there is nothing.
        Assert.Equal(
            [
                "/v2/stream/a,b?where=type=edit|new&where=!bot&where=title=A%26B%20c&canary=include",
                "?streams=a&since=2026-01-02T03%3A04%3A05.000Z&where=type=edit|new&where=!bot&where=title=A%26B%20c&canary=include",
                "/v2/stream/a",
                "?streams=a",
            ],
            result);
    }
}
