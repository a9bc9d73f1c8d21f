namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>The real host with the UI turned off (Ui:Enabled=false, the original's stream_ui_enabled: false).</summary>
public sealed class UiDisabledHostFixture : SiloHostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings => [new("Ui:Enabled", "false")];
}

public sealed class UiDisabledEndToEndTests(UiDisabledHostFixture host) : IClassFixture<UiDisabledHostFixture>
{
    [Fact]
    public async Task Root_BrowserWithUiOff_303ToTheDocs() =>
        Assert.Equal("/?doc", await UiRoutes.RootRedirectAsync(host, UiRoutes.BrowserAccept));

    [Fact]
    public Task Ui_Off_404Json() => UiRoutes.AssertNotFoundJsonAsync(host, "/v2/ui", "/v2/ui/", "/v2/ui/js/main.js");
}
