using EventStreams.Gateway.Ui;
using Microsoft.AspNetCore.Http;

namespace EventStreams.Gateway.Tests.Ui;

public sealed class RootRedirectTests : IDisposable
{
    private const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    private readonly string _operatorUi = Directory.CreateTempSubdirectory("operator-ui-").FullName;

    private static HttpRequest Request(string? accept)
    {
        var context = new DefaultHttpContext();
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }
        return context.Request;
    }

    [Theory]
    [InlineData(BrowserAccept, "/v2/ui")]
    [InlineData("TEXT/HTML", "/v2/ui")]
    [InlineData(null, "/?doc")]
    [InlineData("*/*", "/?doc")]
    [InlineData("application/json", "/?doc")]
    public void Target_BuiltInUi_BrowsersToTheUiOthersToTheDocs(string? accept, string expected) =>
        Assert.Equal(expected, RootRedirect.Target(new UiOptions(), Request(accept)));

    [Fact]
    public void Target_UiDisabled_BrowsersToTheDocs() =>
        Assert.Equal("/?doc", RootRedirect.Target(new UiOptions { Enabled = false }, Request(BrowserAccept)));

    [Theory]
    [InlineData(BrowserAccept)]
    [InlineData(null)]
    public void Target_OperatorDirectoryWithIndex_EveryoneToTheUi(string? accept)
    {
        File.WriteAllText(Path.Combine(_operatorUi, UiOptions.IndexFile), "<!DOCTYPE html>");

        Assert.Equal("/v2/ui", RootRedirect.Target(new UiOptions { Directory = _operatorUi }, Request(accept)));
    }

    [Fact]
    public void Target_OperatorDirectoryWithoutIndex_BrowsersToTheDocs() =>
        Assert.Equal("/?doc", RootRedirect.Target(new UiOptions { Directory = _operatorUi }, Request(BrowserAccept)));

    [Fact]
    public void Validate_EnabledWithMissingDirectory_NamesTheKey() =>
        Assert.Contains("Ui:Directory must be an existing directory", new UiOptions { Directory = Path.Combine(_operatorUi, "missing") }.Validate());

    [Fact]
    public void Validate_Defaults_EnabledWithTheBuiltInUi()
    {
        var options = new UiOptions();

        Assert.Null(options.Validate());
        Assert.True(options.Available);
        Assert.False(options.UsesDirectory);
    }

    public void Dispose() => Directory.Delete(_operatorUi, recursive: true);
}
