using System.Text.Json.Nodes;
using EventStreams.EndToEnd.Tests.Config;
using EventStreams.TestKit;

namespace EventStreams.EndToEnd.Tests.Docs;

/// <summary>/?spec follows the stream configuration when it is reloaded.</summary>
public sealed class OpenApiReloadEndToEndTests(ReloadingHostFixture host) : IClassFixture<ReloadingHostFixture>
{
    private async Task<string[]> SpecStreamsAsync()
    {
        var spec = JsonNode.Parse(await host.Http.GetStringAsync("/?spec"))!;
        return [.. spec["paths"]!["/v2/stream/{streams}"]!["get"]!["parameters"]![0]!["schema"]!["items"]!["enum"]!.AsArray().Select(n => n!.GetValue<string>())];
    }

    [Fact]
    public async Task Spec_AfterReload_DescribesTheNewConfiguration()
    {
        Assert.Equal(["a", "alpha"], await SpecStreamsAsync());

        host.ConfigServer.Serve(ReloadingHostFixture.Streams("""{"a":{"topics":["reload.a"]},"b":{"topics":["reload.b"],"stream_aliases":["bee"]}}"""));
        try
        {
            var names = await Eventually.GetAsync(SpecStreamsAsync, n => n.Contains("bee"), "the reloaded streams in /?spec", TimeSpan.FromSeconds(30));

            Assert.Equal(["a", "b", "bee"], names);
            var spec = JsonNode.Parse(await host.Http.GetStringAsync("/?spec"))!["paths"]!.AsObject();
            Assert.True(spec.ContainsKey("/v2/stream/bee"));
            Assert.False(spec.ContainsKey("/v2/stream/alpha"));
        }
        finally
        {
            host.ConfigServer.Serve(ReloadingHostFixture.InitialConfig);
        }
    }
}
