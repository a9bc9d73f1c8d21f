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
