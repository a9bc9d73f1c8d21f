using EventStreams.Ui.Tests.Infrastructure;

namespace EventStreams.Ui.Tests;

public sealed class StreamListTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    [Fact]
    public async Task StreamList_Loaded_ListsEveryConfiguredStreamWithItsDescription()
    {
        await using var explorer = await OpenAsync();

        var names = await explorer.Page.Locator("#stream-list input").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        Assert.Equal(ExplorerHostFixture.StreamNames, names);
        var recentChange = explorer.Page.Locator("#stream-list li", new() { Has = explorer.Page.Locator("input[value=\"mediawiki.recentchange\"]") });
        Assert.Contains("Every change that appears in Special:RecentChanges.", await recentChange.TextContentAsync());
        // An alias says what it is an alias of; the service's note about it is not repeated.
        var alias = explorer.Page.Locator("#stream-list li", new() { Has = explorer.Page.Locator("input[value=\"recentchange\"]") });
        Assert.Contains("alias of mediawiki.recentchange", await alias.TextContentAsync());
        Assert.DoesNotContain("NOTE:", await alias.TextContentAsync());
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task StreamSearch_Typed_ShowsOnlyMatchingStreams()
    {
        await using var explorer = await OpenAsync();

        await explorer.Page.GetByLabel("Find a stream").FillAsync("ui.");

        var visible = await explorer.Page.Locator("#stream-list li:not([hidden]) input").EvaluateAllAsync<string[]>("inputs => inputs.map(i => i.value)");
        Assert.Equal([ExplorerHostFixture.Busy, ExplorerHostFixture.History, ExplorerHostFixture.Sequence], visible);
        await explorer.AssertNoErrorsAsync();
    }
}
