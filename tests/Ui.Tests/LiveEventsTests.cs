using System.Text.Json;
using EventStreams.Ui.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventStreams.Ui.Tests;

public sealed class LiveEventsTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    /// <summary>The bound: a picked demo stream shows live events within 5 s.</summary>
    private const float LiveEventMs = 5_000;

    [Fact]
    public async Task Start_DemoStream_LiveEventsWithin5Seconds()
    {
        await using var explorer = await OpenAsync();
        await explorer.PickAsync("recentchange");

        await explorer.StartAsync();

        await explorer.EventRows.First.WaitForAsync(new() { Timeout = LiveEventMs });
        Assert.Equal(ExplorerHostFixture.RecentChange, await explorer.EventRows.First.Locator(".event-stream").TextContentAsync());
        Assert.Contains("?streams=recentchange", explorer.Page.Url);
        // The rate table has the stream's row (aliases count under their stream), counting what arrived.
        await explorer.Page.WaitForFunctionAsync(
            "s => Number(document.querySelector(`#rates tr[data-stream=\"${s}\"]`)?.dataset.total) > 0", ExplorerHostFixture.RecentChange,
            new() { Timeout = ExplorerPage.WaitMs });
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Pause_WhileEventsArrive_ListStopsAndResumeContinues()
    {
        await using var explorer = await OpenAsync("?streams=recentchange");
        await explorer.EventRows.First.WaitForAsync(new() { Timeout = LiveEventMs });
        var pause = explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Pause" });

        await pause.ClickAsync();
        var topWhenPaused = await explorer.TopRowAsync();
        var receivedWhenPaused = await explorer.ReceivedAsync();
        // Events go on arriving and being counted while the list stands still.
        await explorer.WaitForReceivedAsync(receivedWhenPaused + 5);
        Assert.Equal(topWhenPaused, await explorer.TopRowAsync());
        Assert.Contains("Paused", await explorer.Page.Locator("#received").TextContentAsync());
        Assert.Equal("true", await explorer.Page.Locator("#pause").GetAttributeAsync("aria-pressed"));

        await explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();

        await explorer.Page.WaitForFunctionAsync("top => Number(document.querySelector('#events li').dataset.row) > top", topWhenPaused, new() { Timeout = ExplorerPage.WaitMs });
        Assert.Equal("false", await explorer.Page.Locator("#pause").GetAttributeAsync("aria-pressed"));
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task EventRow_Clicked_ShowsItsPrettyPrintedJson()
    {
        await using var explorer = await OpenAsync("?streams=recentchange");
        await explorer.EventRows.First.WaitForAsync(new() { Timeout = LiveEventMs });
        var row = explorer.EventRows.Last.Locator("button"); // the oldest row stays put while new ones arrive above
        var summary = await row.Locator(".event-summary").TextContentAsync();

        await row.ClickAsync();

        var dialog = explorer.Page.GetByRole(AriaRole.Dialog);
        await dialog.WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        var json = await dialog.Locator("#detail-json").TextContentAsync();
        Assert.Contains("\n  \"meta\": {\n", json); // indented, one field a line
        using var parsed = JsonDocument.Parse(json!);
        Assert.Equal(ExplorerHostFixture.RecentChange, parsed.RootElement.GetProperty("meta").GetProperty("stream").GetString());
        Assert.Contains(parsed.RootElement.GetProperty("title").GetString()!, summary);
        await explorer.Page.Keyboard.PressAsync("Escape");
        await dialog.WaitForAsync(new() { State = WaitForSelectorState.Hidden, Timeout = ExplorerPage.WaitMs });
        Assert.True(await row.EvaluateAsync<bool>("b => document.activeElement === b"), "Closing the event returns the focus to its row.");
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task Keyboard_OnlyKeys_PickStartAndOpenAnEvent()
    {
        await using var explorer = await OpenAsync();
        var keyboard = explorer.Page.Keyboard;

        await explorer.Page.GetByLabel("Find a stream").FocusAsync();
        await keyboard.TypeAsync("mediawiki.recentchange");
        await keyboard.PressAsync("Tab");
        await keyboard.PressAsync("Space");
        await TabToAsync(explorer.Page, "start");
        await keyboard.PressAsync("Enter");
        await explorer.EventRows.First.WaitForAsync(new() { Timeout = LiveEventMs });
        await explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).FocusAsync();
        await keyboard.PressAsync("Enter"); // paused: the rows stay where they are while the keyboard walks to them
        await TabToAsync(explorer.Page, "row");
        await keyboard.PressAsync("Enter");

        await explorer.Page.GetByRole(AriaRole.Dialog).WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        Assert.Equal(["mediawiki.recentchange"], await explorer.Page.Locator("#stream-list input:checked").EvaluateAllAsync<string[]>("i => i.map(x => x.value)"));
        await explorer.AssertNoErrorsAsync();
    }

    /// <summary>Presses Tab until the focus is on the element with this id, or on an event row for "row".</summary>
    private static async Task TabToAsync(IPage page, string target)
    {
        const int MostTabs = 60;
        for (var i = 0; i < MostTabs; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focused = await page.EvaluateAsync<string>("() => document.activeElement.closest('li.event') ? 'row' : document.activeElement.id");
            if (focused == target)
            {
                return;
            }
        }
        Assert.Fail($"Tab never reached {target}.");
    }
}
