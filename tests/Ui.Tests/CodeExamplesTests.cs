using System.Net;
using EventStreams.Ui.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventStreams.Ui.Tests;

public sealed class CodeExamplesTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    [Fact]
    public async Task CopyAsCurl_StreamsPicked_CopiesACommandTheServiceAnswers()
    {
        var options = new BrowserNewContextOptions(ExplorerPage.Desktop) { Permissions = ["clipboard-read", "clipboard-write"] };
        await using var explorer = await OpenAsync(options: options);
        await explorer.PickAsync("recentchange", ExplorerHostFixture.Sequence);
        var url = $"{Host.Http.BaseAddress}v2/stream/recentchange,{ExplorerHostFixture.Sequence}";

        await explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Copy as curl" }).ClickAsync();

        Assert.Equal($"curl -N '{url}'", await explorer.Page.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        Assert.Contains("Copied", await explorer.Page.Locator("#copy-status").TextContentAsync());
        Assert.Contains($"new EventSource(\"{url}\")", await explorer.Page.Locator("#snippet-js").TextContentAsync());
        Assert.Contains($"EventSource(\"{url}\", timeout=30)", await explorer.Page.Locator("#snippet-python").TextContentAsync());
        using var response = await Host.Http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType!.MediaType);
        await explorer.AssertNoErrorsAsync();
    }

    [Fact]
    public async Task UnknownStream_Start_SaysWhyTheServiceRefusedIt()
    {
        await using var explorer = await OpenAsync();
        // A stream the page does not list cannot be picked; a request for it fails like any refused stream.
        await explorer.Page.EvaluateAsync("""
            () => {
              const input = document.querySelector('#stream-list input');
              input.value = 'no.such.stream';
              input.checked = true;
            }
            """);

        await explorer.StartAsync();

        await explorer.Page.WaitForFunctionAsync("() => document.querySelector('#status').dataset.state === 'failed'", null, new() { Timeout = ExplorerPage.WaitMs });
        Assert.Contains("400 Stream Not Found: Invalid streams: no.such.stream", await explorer.Status.TextContentAsync());
        Assert.True(await explorer.Page.Locator("#start").IsEnabledAsync());
        Assert.False(await explorer.Page.Locator("#stop").IsEnabledAsync());
    }
}
