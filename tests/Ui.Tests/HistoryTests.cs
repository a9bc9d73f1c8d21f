using System.Globalization;
using EventStreams.Ui.Tests.Infrastructure;

namespace EventStreams.Ui.Tests;

public sealed class HistoryTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    [Fact]
    public async Task Since_BeforeOldEvents_ShowsThemNewestFirst()
    {
        await using var explorer = await OpenAsync();
        await explorer.PickAsync(ExplorerHostFixture.History);
        // The page's time zone is UTC (ExplorerPage), so the picker's local time is UTC.
        var since = Host.HistoryTime.AddMinutes(-1).UtcDateTime;

        await explorer.Page.GetByLabel("Start from").FillAsync(since.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
        await explorer.StartAsync();

        await explorer.WaitForReceivedAsync(ExplorerHostFixture.HistoryEvents);
        await explorer.EventRows.Nth(ExplorerHostFixture.HistoryEvents - 1).WaitForAsync(new() { Timeout = ExplorerPage.WaitMs });
        Assert.Equal(Enumerable.Range(0, ExplorerHostFixture.HistoryEvents).Reverse(), await explorer.SequenceNumbersAsync());
        var sinceIso = since.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        Assert.Contains($"since={Uri.EscapeDataString(sinceIso)}", explorer.Page.Url);
        Assert.Contains($"From {sinceIso}Z (UTC) on", await explorer.Page.Locator("#since-hint").TextContentAsync());
        await explorer.AssertNoErrorsAsync();
    }
}
