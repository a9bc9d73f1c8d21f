using System.Text.Json.Nodes;
using EventStreams.Gateway.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventStreams.Gateway.Tests.Api;

/// <summary>KafkaSSE's validateAssignments cases, and the error bodies the original sends.</summary>
public sealed class LastEventIdTests
{
    [Theory]
    [InlineData("""["a","b"]""")]
    [InlineData("""[{"topic":"a","partition":0,"offset":0}]""")]
    [InlineData("""[{"topic":"a","partition":0,"timestamp":1700000000000}]""")]
    [InlineData("""["a",{"topic":"b","partition":1,"offset":5},{"topic":"c","partition":0,"timestamp":3}]""")]
    [InlineData("""[{"topic":"a","partition":0,"offset":3.0,"extra":{"x":1}}]""")]
    public void TryParse_ValidAssignments_Accepted(string header)
    {
        Assert.True(LastEventId.TryParse(header, out var assignments, out var error));
        Assert.Null(error);
        Assert.Equal(JsonNode.Parse(header)!.AsArray().Count, assignments.Length);
    }

    [Theory]
    [InlineData("""{"topic":"a"}""")]
    [InlineData("""[]""")]
    [InlineData("""[1]""")]
    [InlineData("""[null]""")]
    [InlineData("""[{"partition":0,"offset":0}]""")]
    [InlineData("""[{"topic":"a","partition":0}]""")]
    [InlineData("""[{"topic":1,"partition":0,"offset":0}]""")]
    [InlineData("""[{"topic":"a","partition":"0","offset":0}]""")]
    [InlineData("""[{"topic":"a","partition":0,"offset":"0"}]""")]
    [InlineData("""[{"topic":"a","partition":0.5,"offset":0}]""")]
    [InlineData("""[{"topic":"a","partition":0,"timestamp":"2024-01-01T00:00:00Z"}]""")]
    [InlineData("""[{"topic":"a","partition":-1,"offset":0}]""")]
    public async Task TryParse_InvalidShape_Returns400InvalidAssignmentError(string header)
    {
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (status, body) = await ExecuteAsync(error!);

        Assert.Equal(400, status);
        Assert.Equal(LastEventId.InvalidShapeMessage, (string?)body["message"]);
        Assert.Equal("KafkaSSE", (string?)body["origin"]);
        Assert.Equal("InvalidAssignmentError", (string?)body["name"]);
        Assert.Equal("Error", (string?)body["originalName"]);
        Assert.Equal(JsonNode.Parse(header)!.ToJsonString(), body["assignments"]!.ToJsonString());
        Assert.Equal(400, (int)body["statusCode"]!);
        Assert.Equal(["message", "origin", "name", "originalName", "assignments", "statusCode"], body.Select(p => p.Key));
    }

    [Theory]
    [InlineData("\"\"\"{nope")]
    [InlineData("")]
    public async Task TryParse_NotJson_Returns400WithRawHeader(string header)
    {
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (status, body) = await ExecuteAsync(error!);

        Assert.Equal(400, status);
        Assert.Equal("SyntaxError", (string?)body["originalName"]);
        Assert.Equal(header, (string?)body["last_event_id"]);
        Assert.False(string.IsNullOrEmpty((string?)body["message"]));
    }

    [Fact]
    public async Task TryParse_NotJson_MessageIsOursNotTheParsers()
    {
        const string header = "[{\"topic\":nope}]";
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (_, body) = await ExecuteAsync(error!);

        Assert.Equal("Last-Event-ID is not valid JSON (near byte 11, counting from 0).", (string?)body["message"]);
        Assert.Equal(["message", "origin", "name", "originalName", "last_event_id", "statusCode"], body.Select(p => p.Key));
        Assert.Equal("InvalidAssignmentError", (string?)body["name"]);
    }

    [Theory]
    [InlineData("""[{"topic":"t","topic":"t","partition":0,"offset":0}]""", "topic")]
    [InlineData("""[{"topic":"t","partition":0,"partition":0,"offset":0}]""", "partition")]
    [InlineData("""[{"topic":"t","partition":0,"offset":0,"offset":1}]""", "offset")]
    [InlineData("""[{"topic":"t","partition":0,"offset":0,"dc":"a","dc":"b"}]""", "dc")]
    [InlineData("""[{"a":1,"a":2}]""", "a")]
    [InlineData("""[{"topic":"t","partition":0,"offset":0,"x":{"y":1,"y":2}}]""", "y")]
    public async Task TryParse_KeyTwiceInOneObject_Returns400NamingTheKey(string header, string key)
    {
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (status, body) = await ExecuteAsync(error!);

        Assert.Equal(400, status);
        Assert.Equal($"Last-Event-ID has the key \"{key}\" twice in one object.", (string?)body["message"]);
        Assert.Equal("InvalidAssignmentError", (string?)body["name"]);
        Assert.Equal(header, (string?)body["last_event_id"]);
    }

    [Fact]
    public void TryParse_SameKeyInDifferentObjects_Accepted()
    {
        Assert.True(LastEventId.TryParse("""[{"topic":"a","partition":0,"offset":0},{"topic":"a","partition":1,"offset":0}]""", out var assignments, out _));
        Assert.Equal(2, assignments.Length);
    }

    [Theory]
    [InlineData("""["\ud800"]""")]
    [InlineData("""["\udc00"]""")]
    [InlineData("""["a\ud800b"]""")]
    [InlineData("""[{"topic":"\ud800","partition":0,"offset":0}]""")]
    [InlineData("""[{"topic":"t","partition":0,"offset":0,"\ud800":1}]""")]
    [InlineData("""[{"topic":"t","partition":0,"offset":0,"x":["\ude00\ud83d"]}]""")]
    public async Task TryParse_LoneSurrogateEscape_Returns400(string header)
    {
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (status, body) = await ExecuteAsync(error!);

        Assert.Equal(400, status);
        Assert.Equal(@"Last-Event-ID has a \u escape of a lone surrogate (\ud800 to \udfff without its pair), which is not text.", (string?)body["message"]);
        Assert.Equal(header, (string?)body["last_event_id"]);
    }

    [Fact]
    public void TryParse_SurrogatePairEscape_IsTheCharacter()
    {
        Assert.True(LastEventId.TryParse("""["\ud83d\ude00"]""", out var assignments, out _));
        Assert.Equal("😀", assignments[0].Topic);
    }

    [Theory]
    [InlineData(LastEventId.MaxDepth + 1)]
    [InlineData(64)]
    [InlineData(65)]
    [InlineData(1000)]
    public async Task TryParse_NestedTooDeep_Returns400(int depth)
    {
        var header = new string('[', depth) + new string(']', depth);
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (status, body) = await ExecuteAsync(error!);

        Assert.Equal(400, status);
        Assert.Equal($"Last-Event-ID is nested more than {LastEventId.MaxDepth} levels deep.", (string?)body["message"]);
        Assert.Equal(header, (string?)body["last_event_id"]);
    }

    [Fact]
    public async Task TryParse_NestedToTheLimit_ShapeErrorEchoesIt()
    {
        var header = new string('[', LastEventId.MaxDepth) + new string(']', LastEventId.MaxDepth);
        Assert.False(LastEventId.TryParse(header, out _, out var error));
        var (status, body) = await ExecuteAsync(error!);

        Assert.Equal(400, status);
        Assert.Equal(LastEventId.InvalidShapeMessage, (string?)body["message"]);
        Assert.Equal(header, body["assignments"]!.ToJsonString());
    }

    [Fact]
    public void TryParse_ObjectEntry_KeepsOffsetTimestampAndExtraKeys()
    {
        Assert.True(LastEventId.TryParse("""[{"topic":"a","partition":2,"offset":7,"timestamp":9,"dc":"eqiad"}]""", out var assignments, out _));
        var a = Assert.IsType<PartitionAssignment>(assignments[0]);
        Assert.Equal(("a", 2, 7L, 9L), (a.Topic, a.Partition, a.Offset, a.Timestamp));
        Assert.Equal("eqiad", (string?)a.Json["dc"]);
    }

    internal static async Task<(int Status, JsonObject Body)> ExecuteAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().AddSingleton(NullLoggerFactory.Instance).BuildServiceProvider() };
        context.Response.Body = new MemoryStream();
        await result.ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonNode.Parse(context.Response.Body)!.AsObject());
    }
}
