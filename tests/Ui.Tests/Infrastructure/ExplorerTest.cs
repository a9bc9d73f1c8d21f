using System.Net;
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

    /// <summary>After "Copy as curl": the copied command and both examples use this URL, and the service answers it with a stream.</summary>
    protected async Task AssertExamplesUseAndServiceAnswersAsync(ExplorerPage explorer, string url)
    {
        Assert.Equal($"curl -N '{url}'", await explorer.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Contains($"new EventSource(\"{url}\")", await explorer.Page.Locator("#snippet-js").TextContentAsync());
        Assert.Contains($"EventSource(\"{url}\", timeout=30)", await explorer.Page.Locator("#snippet-python").TextContentAsync());
        using var response = await host.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
    }
}
