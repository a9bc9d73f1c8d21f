using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using EventStreams.Ui.Tests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace EventStreams.Ui.Tests;

/// <summary>The page with live, filtered events at desktop and phone width, and with a refused filter: screenshots for a person to look at, and axe's checks.</summary>
public sealed class LookAndAccessibilityTests(ExplorerHostFixture host, ChromiumFixture chromium, ITestOutputHelper output) : ExplorerTest(host, chromium)
{
    private static readonly string[] Blocking = ["serious", "critical"];

    /// <summary>A filled-in filter form that every demo event passes, so the list fills as fast as without it.</summary>
    private const string Filter = "&where=meta.domain=*.wikipedia.org|www.wikidata.org|commons.wikimedia.org&where=!meta.no_such_field&canary=include";

    /// <summary>A filter the service refuses: the form shows its reason.</summary>
    private const string BadFilter = "meta.domain=*.wikipedia.org\nmeta..domain";

    public static TheoryData<string> Sizes => ["desktop", "phone"];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task LivePage_AtWidth_ScreenshotsAndNoSeriousAccessibilityViolations(string size)
    {
        var options = size == "phone" ? ExplorerPage.Phone : ExplorerPage.Desktop;
        await using var explorer = await OpenAsync($"?streams=recentchange,revision-create{Filter}", options);
        await explorer.WaitForReceivedAsync(10);
        await explorer.Page.Locator("#rates tr").Nth(1).WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        await explorer.Page.Locator(".snippet").First.Locator("summary").ClickAsync(); // an example open, as a reader would have it
        await explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Pause" }).ClickAsync(); // a still picture, and still rows for axe

        output.WriteLine($"Screenshot: {await explorer.ScreenshotAsync($"explorer-{size}")}");
        output.WriteLine($"Screenshot: {await explorer.ScreenshotAsync($"explorer-{size}-top", fullPage: false)}");
        AssertAccessible(await explorer.Page.RunAxe(), $"{size}, event list");

        await explorer.EventRows.First.Locator("button").ClickAsync();
        await explorer.Page.GetByRole(AriaRole.Dialog).WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        output.WriteLine($"Screenshot: {await explorer.ScreenshotAsync($"explorer-{size}-event", fullPage: false)}");
        AssertAccessible(await explorer.Page.RunAxe(), $"{size}, event dialog");

        await explorer.Page.Keyboard.PressAsync("Escape");
        await explorer.AssertNoErrorsAsync(); // before the refusal, whose 400 Chromium logs as a console error
        await explorer.Page.GetByLabel("Conditions").FillAsync(BadFilter);
        await explorer.StartAsync();
        await explorer.Page.Locator("#filter-error").WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        await explorer.Page.Locator("#controls .filter").ScrollIntoViewIfNeededAsync();
        output.WriteLine($"Screenshot: {await explorer.ScreenshotAsync($"explorer-{size}-filter-refused", fullPage: false)}");
        AssertAccessible(await explorer.Page.RunAxe(), $"{size}, refused filter");
    }

    private void AssertAccessible(AxeResult result, string view)
    {
        foreach (var v in result.Violations)
        {
            output.WriteLine($"axe ({view}): {v.Impact} {v.Id}: {v.Help} at {string.Join(", ", v.Nodes.Select(n => n.Html))}");
        }
        var blocking = result.Violations.Where(v => Blocking.Contains(v.Impact)).Select(v => $"{v.Impact} {v.Id}: {v.Help}").ToArray();
        Assert.True(blocking.Length == 0, $"axe ({view}): {string.Join("; ", blocking)}");
        Assert.NotEmpty(result.Passes); // axe ran
    }
}
