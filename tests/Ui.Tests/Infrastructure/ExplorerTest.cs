using Microsoft.Playwright;

namespace EventStreams.Ui.Tests.Infrastructure;

/// <summary>What every stream explorer test has: the host, the browser, and a way to open the page on them.</summary>
[Collection(ExplorerCollection.Name)]
public abstract class ExplorerTest(ExplorerHostFixture host, ChromiumFixture chromium)
{
    protected ExplorerHostFixture Host => host;

    /// <summary>/v2/ui/ with this query (e.g. "?streams=recentchange", which starts at once) in a fresh browser context.</summary>
    protected Task<ExplorerPage> OpenAsync(string query = "", BrowserNewContextOptions? options = null) =>
        ExplorerPage.OpenAsync(chromium.Browser, host.Http.BaseAddress!, query, options);
}
