using System.Net;

namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>What the UI tests ask of any host: where "/" sends a client, and that paths are the service's JSON 404.</summary>
internal static class UiRoutes
{
    public const string BrowserAccept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    /// <summary>The 303's Location of GET / with this Accept header (none: as curl sends it).</summary>
    public static async Task<string> RootRedirectAsync(SiloHostFixture host, string? accept)
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Http.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        return response.Headers.Location!.OriginalString;
    }

    public static async Task AssertNotFoundJsonAsync(SiloHostFixture host, params string[] paths)
    {
        foreach (var path in paths)
        {
            using var response = await host.Http.GetAsync(path);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{path}: {(int)response.StatusCode}");
            Assert.Contains("\"type\":\"not_found\"", await response.Content.ReadAsStringAsync());
        }
    }
}
