using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class StreamFormatsTests
{
    [Theory]
    [InlineData(null, StreamFormat.ServerSentEvents, "text/event-stream")]
    [InlineData("application/json", StreamFormat.NewlineDelimitedJson, "application/json; charset=utf-8")]
    [InlineData("application/json; q=1", StreamFormat.NewlineDelimitedJson, "application/json; charset=utf-8")]
    [InlineData("Application/JSON", StreamFormat.ServerSentEvents, "text/event-stream; charset=utf-8")]
    [InlineData("*/*", StreamFormat.ServerSentEvents, "text/event-stream; charset=utf-8")]
    [InlineData("text/event-stream", StreamFormat.ServerSentEvents, "text/event-stream; charset=utf-8")]
    [InlineData("text/html, application/json", StreamFormat.ServerSentEvents, "text/event-stream; charset=utf-8")]
    public void Negotiate_AcceptHeader_MatchesOriginalRules(string? accept, StreamFormat format, string contentType)
    {
        Assert.Equal((format, contentType), StreamFormats.Negotiate(accept));
    }
}
