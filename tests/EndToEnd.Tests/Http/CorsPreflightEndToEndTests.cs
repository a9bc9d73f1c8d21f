using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;

namespace EventStreams.EndToEnd.Tests.Http;

/// <summary>
/// CORS preflights on the stream route of the real host. Fetch-based browser SSE clients send
/// Last-Event-ID as a request header, so a cross-origin resume is preceded by an OPTIONS that must
/// allow it; the original answered 404 and never listed last-event-id.
/// </summary>
public sealed partial class CorsPreflightEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private const string DefaultCsp = "default-src 'self'; object-src 'none'; media-src *; img-src *; style-src *; frame-ancestors 'self'";

    /// <summary>Sends <paramref name="request"/> as bytes on a new socket and returns every byte of the answer (the server closes).</summary>
    private async Task<string> ExchangeAsync(string request)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var address = host.Http.BaseAddress!;
        using var client = new TcpClient();
        await client.ConnectAsync(address.Host, address.Port, cts.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("{host}", address.Authority)), cts.Token);
        using var received = new MemoryStream();
        await stream.CopyToAsync(received, cts.Token);
        return Encoding.ASCII.GetString(received.ToArray());
    }

    [GeneratedRegex(@"\r\nDate: [^\r]+\r\n")]
    private static partial Regex DateHeader();

    [Fact]
    public async Task Preflight_LastEventIdFromAnotherOrigin_204AllowingIt_ExactBytes()
    {
        var response = await ExchangeAsync(
            "OPTIONS /v2/stream/test HTTP/1.1\r\n" +
            "Host: {host}\r\n" +
            "Origin: http://other.example:8080\r\n" +
            "Access-Control-Request-Method: GET\r\n" +
            "Access-Control-Request-Headers: last-event-id\r\n" +
            "Connection: close\r\n" +
            "\r\n");

        Assert.Equal(
            "HTTP/1.1 204 No Content\r\n" +
            "Connection: close\r\n" +
            "Date: (date)\r\n" +
            "Access-Control-Allow-Headers: accept, x-requested-with, content-type, last-event-id\r\n" +
            "Access-Control-Allow-Methods: GET\r\n" +
            "Access-Control-Allow-Origin: *\r\n" +
            "Access-Control-Expose-Headers: etag, EventStreams-Resume, EventStreams-Resume-Detail\r\n" +
            "Access-Control-Max-Age: 7200\r\n" +
            "X-XSS-Protection: 1; mode=block\r\n" +
            "X-Content-Type-Options: nosniff\r\n" +
            "X-Frame-Options: SAMEORIGIN\r\n" +
            $"Content-Security-Policy: {DefaultCsp}\r\n" +
            $"x-content-security-policy: {DefaultCsp}\r\n" +
            $"x-webkit-csp: {DefaultCsp}\r\n" +
            "\r\n",
            DateHeader().Replace(response, "\r\nDate: (date)\r\n"));
    }

    [Theory]
    [InlineData("/v2/stream/test")]
    [InlineData("/v2/stream/test,beta.only")]
    [InlineData("/v2/stream/no.such.stream")] // the GET that follows gets the 400, readable cross-origin
    [InlineData("/v2/stream/test/")]
    public async Task Preflight_AnyStreamPath_204WithTheCorsHeaders(string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, path);
        request.Headers.Add("Origin", "http://other.example");
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "last-event-id");
        using var response = await host.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("last-event-id", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")));
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task Stream_CrossOriginGetWithLastEventId_200WithTheCorsHeaders()
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/stream/beta.only");
        request.Headers.Add("Origin", "http://other.example");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", """[{"topic":"e2e.beta","partition":0,"offset":-1}]""");
        using var response = await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("*", string.Join(",", response.Headers.GetValues("Access-Control-Allow-Origin")));
    }
}
