using System.Net;
using System.Text.RegularExpressions;
using EventStreams.Gateway.Http;

namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>The stream explorer the service ships (on by default, no Ui:Directory): its routes, types, caching and CSP.</summary>
public sealed partial class BuiltInUiEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    /// <summary>By file extension ("" is the page itself, /v2/ui/); module scripts must have a JavaScript type.</summary>
    private static readonly Dictionary<string, string> ContentTypes = new()
    {
        [""] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml; charset=utf-8",
    };

    [Fact]
    public async Task Root_Browser_303ToTheUi() =>
        Assert.Equal("/v2/ui", await UiRoutes.RootRedirectAsync(host, UiRoutes.BrowserAccept));

    [Fact]
    public async Task Spec_Browser_StillTheOpenApiDocument()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/?spec");
        request.Headers.TryAddWithoutValidation("Accept", UiRoutes.BrowserAccept);

        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Index_Get_UnderTheServiceCspAndRevalidatedByETag()
    {
        using var response = await host.Http.GetAsync("/v2/ui/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        Assert.Equal(HttpHeadersOptions.DefaultCsp, string.Join(",", response.Headers.GetValues("Content-Security-Policy")));
        Assert.True(response.Headers.CacheControl!.NoCache);
        var etag = response.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/v2/ui/");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await host.Http.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public Task File_UnknownOrOutside_404Json() =>
        UiRoutes.AssertNotFoundJsonAsync(host, "/v2/ui/js/missing.js", "/v2/ui/js/../../../etc/passwd", "/v2/ui/Index.html");

    /// <summary>Every script, stylesheet and icon the page names, and every module those scripts import, is served with its type.</summary>
    [Fact]
    public async Task Index_EveryFileItNeeds_IsServedWithItsType()
    {
        var pending = new Queue<Uri>([new Uri(host.Http.BaseAddress!, "/v2/ui/")]);
        var seen = new HashSet<Uri>();
        while (pending.TryDequeue(out var uri))
        {
            if (!seen.Add(uri))
            {
                continue;
            }
            using var response = await host.Http.GetAsync(uri);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{uri}: {(int)response.StatusCode}");
            Assert.Equal(ContentTypes[Path.GetExtension(uri.AbsolutePath)], response.Content.Headers.ContentType!.ToString());
            var text = await response.Content.ReadAsStringAsync();
            foreach (Match link in Links().Matches(text))
            {
                pending.Enqueue(new Uri(uri, link.Groups["path"].Value));
            }
        }
        Assert.True(seen.Count >= 10, $"Only {seen.Count} files found: {string.Join(", ", seen)}");
    }

    /// <summary>The service's CSP allows no inline script or style, so the page must have none.</summary>
    [Fact]
    public async Task Index_Get_NoInlineScriptStyleOrHandler()
    {
        var html = await host.Http.GetStringAsync("/v2/ui/");

        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html);
        Assert.DoesNotMatch(@"<style\b", html);
        Assert.DoesNotMatch(@"\s(style|on[a-z]+)=", html);
    }

    // src="…" and href="…" of local files, and the specifiers of JavaScript imports ('./x.js').
    [GeneratedRegex("""(?:(?:src|href)="(?<path>(?!https?:|/\?|/v2/stream)[^"?#]+)")|(?:from '(?<path>\./[^']+)')""")]
    private static partial Regex Links();
}
