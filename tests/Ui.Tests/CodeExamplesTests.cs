using EventStreams.Ui.Tests.Infrastructure;
using Microsoft.Playwright;

namespace EventStreams.Ui.Tests;

public sealed class CodeExamplesTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    [Fact]
    public async Task CopyAsCurl_StreamsPicked_CopiesACommandTheServiceAnswers()
    {
        await using var explorer = await OpenAsync(options: ExplorerPage.DesktopWithClipboard);
        await explorer.PickAsync("recentchange", ExplorerHostFixture.Sequence);
        var url = $"{Host.Http.BaseAddress}v2/stream/recentchange,{ExplorerHostFixture.Sequence}";

        await explorer.Page.GetByRole(AriaRole.Button, new() { Name = "Copy as curl" }).ClickAsync();

        await AssertExamplesUseAndServiceAnswersAsync(explorer, url);
        Assert.Contains("Copied", await explorer.Page.Locator("#copy-status").TextContentAsync());
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

        await explorer.WaitForStateAsync("failed");
        Assert.Contains("400 Stream Not Found: Invalid streams: no.such.stream", await explorer.Status.TextContentAsync());
        Assert.True(await explorer.Page.Locator("#start").IsEnabledAsync());
        Assert.False(await explorer.Page.Locator("#stop").IsEnabledAsync());
    }
}
