using System.Net;

namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>With the UI enabled and built, "/" sends browsers to it and /v2/ui serves its files.</summary>
public sealed class UiEndToEndTests(UiHostFixture host) : IClassFixture<UiHostFixture>
{
    private HttpClient NoRedirects() => new(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };

    [Fact]
    public async Task Root_UiEnabledAndBuilt_303ToTheUi()
    {
        using var http = NoRedirects();
        using var response = await http.GetAsync("/");

        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("/v2/ui", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Ui_WithoutSlash_301ToTheSlash()
    {
        using var http = NoRedirects();
        using var response = await http.GetAsync("/v2/ui");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.Equal("/v2/ui/", response.Headers.Location!.OriginalString);
    }

    [Theory]
    [InlineData("/v2/ui/", "text/html", UiHostFixture.IndexHtml)]
    [InlineData("/v2/ui/app.js", "text/javascript", UiHostFixture.Script)]
    public async Task Ui_File_ServedWithItsType(string path, string contentType, string body)
    {
        using var response = await host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(body, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public Task Ui_MissingOrOutside_404Json() => UiRoutes.AssertNotFoundJsonAsync(host, "/v2/ui/missing.js", "/v2/ui/../../etc/passwd");
}
