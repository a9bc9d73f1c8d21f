using System.Net;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using EventStreams.Gateway.Clients;

namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>Input that used to answer 500 through the real host: every case is a 400 in the original's InvalidAssignmentError shape.</summary>
public sealed class InputValidationEndToEndTests(SiloHostFixture host) : IClassFixture<SiloHostFixture>
{
    private async Task<HttpResponseMessage> GetWithLastEventIdAsync(string lastEventId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/v2/stream/test");
        request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        request.Headers.TryAddWithoutValidation(ClientIp.Header, "198.51.100.23");
        return await host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
    }

    private static string Unreadable(string message, string header) =>
        new JsonObject
        {
            ["message"] = message,
            ["origin"] = "KafkaSSE",
            ["name"] = "InvalidAssignmentError",
            ["originalName"] = "SyntaxError",
            ["last_event_id"] = header,
            ["statusCode"] = 400,
        }.ToJsonString(new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Theory]
    [InlineData("""[{"topic":"e2e.beta","topic":"e2e.beta","partition":0,"offset":0}]""", "topic")]
    [InlineData("""[{"topic":"e2e.beta","partition":0,"partition":0,"offset":0}]""", "partition")]
    [InlineData("""[{"topic":"e2e.beta","partition":0,"offset":0,"offset":0}]""", "offset")]
    [InlineData("""[{"topic":"e2e.beta","partition":0,"offset":0,"x":1,"x":1}]""", "x")]
    [InlineData("""[{"a":1,"a":2}]""", "a")]
    public async Task Stream_LastEventIdWithAKeyTwice_400(string header, string key)
    {
        using var response = await GetWithLastEventIdAsync(header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json; charset=utf-8", response.Content.Headers.ContentType?.ToString());
        Assert.Equal(Unreadable($"Last-Event-ID has the key \"{key}\" twice in one object.", header), await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("""["\ud800"]""")]
    [InlineData("""[{"topic":"\ud800","partition":0,"offset":0}]""")]
    public async Task Stream_LastEventIdWithALoneSurrogateEscape_400(string header)
    {
        using var response = await GetWithLastEventIdAsync(header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Unreadable(@"Last-Event-ID has a \u escape of a lone surrogate (\ud800 to \udfff without its pair), which is not text.", header),
            await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData(33)]
    [InlineData(64)]
    [InlineData(65)]
    public async Task Stream_LastEventIdNestedTooDeep_400(int depth)
    {
        var header = new string('[', depth) + new string(']', depth);
        using var response = await GetWithLastEventIdAsync(header);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(Unreadable("Last-Event-ID is nested more than 32 levels deep.", header), await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_LastEventIdNotJson_400WithOurMessageNotTheParsers()
    {
        using var response = await GetWithLastEventIdAsync("{nope");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(Unreadable("Last-Event-ID is not valid JSON (near byte 1, counting from 0).", "{nope"), body);
        Assert.DoesNotContain("LineNumber", body);
        Assert.DoesNotContain("BytePositionInLine", body);
    }
}
