using System.Globalization;
using System.Text.Json.Nodes;
using EventStreams.Ui.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventStreams.Ui.Tests;

/// <summary>The filter form: its conditions and canary choice go to the service, the examples and the page's link; a refusal is shown by the form.</summary>
public sealed class FilterTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    /// <summary>Numbered events 0…9 before the canary and the last one; every third one (0, 3, 6, 9) is kept.</summary>
    private const int NumberedEvents = 10;
    private const int KeepEvery = 3;

    /// <summary>A canary that matches the conditions: a filtered stream leaves it out unless canary=include.</summary>
    private const int CanarySeq = NumberedEvents;

    /// <summary>What makes an event a canary (meta.domain), as the service knows it.</summary>
    private const string CanaryDomain = "canary";

    /// <summary>Kept, and produced last: once it is on screen, every event before it has been decided (one partition keeps the order).</summary>
    private const int LastSeq = NumberedEvents + 1;

    [Fact]
    public async Task Filter_ConditionsTyped_ShowsOnlyMatchingEvents()
    {
        // A value of this run's own, so events of other tests and runs in the topic never match.
        var run = Guid.NewGuid().ToString("N");
        var since = DateTime.UtcNow.AddSeconds(-1).ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        for (var seq = 0; seq < NumberedEvents; seq++)
        {
            await ProduceAsync(seq, run, keep: seq % KeepEvery == 0);
        }
        await ProduceAsync(CanarySeq, run, keep: true, domain: CanaryDomain);
        await ProduceAsync(LastSeq, run, keep: true);
        await using var explorer = await OpenAsync();
        await explorer.PickAsync(ExplorerHostFixture.Sequence);
        // The page's time zone is UTC (ExplorerPage), so the picker's local time is UTC.
        await explorer.Page.GetByLabel("Start from").FillAsync(since);

        await explorer.Page.GetByLabel("Conditions").FillAsync($"run={run}\n  keep=yes  \n\n");
        await explorer.StartAsync();

        await explorer.Page.WaitForFunctionAsync("n => document.querySelector('#events li.event .event-summary')?.textContent.startsWith(`seq: ${n} `)", LastSeq,
            new() { Timeout = ExplorerPage.WaitMs });
        var kept = Enumerable.Range(0, NumberedEvents).Where(seq => seq % KeepEvery == 0).Append(LastSeq).Reverse(); // no canary, newest first
        Assert.Equal(kept, await explorer.SequenceNumbersAsync());
        Assert.Contains($"?streams={ExplorerHostFixture.Sequence}&since=", explorer.Page.Url);
        Assert.EndsWith($"&where=run={run}&where=keep=yes", explorer.Page.Url);
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Filter_Malformed_ShowsTheServicesReasonByTheForm()
    {
        await using var explorer = await OpenAsync();
        await explorer.PickAsync(ExplorerHostFixture.Sequence);
        var conditions = explorer.Page.GetByLabel("Conditions");
        await conditions.FillAsync("type=edit\nkeep=");

        await explorer.StartAsync();

        var error = explorer.Page.Locator("#filter-error");
        await error.WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        Assert.Equal("where=keep=: a value must follow '='.", await error.TextContentAsync());
        Assert.Equal("true", await conditions.GetAttributeAsync("aria-invalid"));
        Assert.Contains("400 Invalid Filter", await explorer.Status.TextContentAsync());

        await conditions.FillAsync("type=edit\nkeep=yes");
        await explorer.StartAsync();

        await explorer.WaitForStateAsync("live");
        await error.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = ExplorerPage.WaitMs });
        Assert.Null(await conditions.GetAttributeAsync("aria-invalid"));
    }

    [Fact]
    public async Task CopyAsCurl_WithFilter_CarriesItAndTheServiceAnswers()
    {
        await using var explorer = await OpenAsync(options: ExplorerPage.DesktopWithClipboard);
        await explorer.PickAsync(ExplorerHostFixture.Sequence);
        await explorer.Page.GetByLabel("Conditions").FillAsync("keep=yes|maybe\n!meta.domain\ntitle=A&B*");
        await explorer.Page.GetByLabel("Canary events").SelectOptionAsync("include");
        // = and | as typed; & is the query's own, so it is escaped.
        var url = $"{Host.Http.BaseAddress}v2/stream/{ExplorerHostFixture.Sequence}?where=keep=yes|maybe&where=!meta.domain&where=title=A%26B*&canary=include";

        await explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Copy as curl" }).ClickAsync();

        await AssertExamplesUseAndServiceAnswersAsync(explorer, url);
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Link_WithFilter_FillsTheFormAndStartsFiltered()
    {
        var query = $"?streams={ExplorerHostFixture.Sequence}&where=keep=yes&where=!meta.domain&canary=exclude";

        await using var explorer = await OpenAsync(query);

        await explorer.WaitForStateAsync("live");
        Assert.Equal("keep=yes\n!meta.domain", await explorer.Page.GetByLabel("Conditions").InputValueAsync());
        Assert.Equal("exclude", await explorer.Page.GetByLabel("Canary events").InputValueAsync());
        Assert.EndsWith(query, explorer.Page.Url); // the page writes its link back the same way
        await explorer.AssertNoErrorsAsync();
    }

    private Task ProduceAsync(int seq, string run, bool keep, string? domain = null)
    {
        var json = new JsonObject { ["seq"] = seq, ["run"] = run, ["keep"] = keep ? "yes" : "no" };
        if (domain is not null)
        {
            json["meta"] = new JsonObject { ["domain"] = domain };
        }
        return Host.Kafka.ProduceAsync(ExplorerHostFixture.Sequence, 0, json.ToJsonString());
    }
}
