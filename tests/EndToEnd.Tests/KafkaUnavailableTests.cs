using System.Net;
using System.Text.Json.Nodes;

namespace EventStreams.EndToEnd.Tests;

/// <summary>The host pointed at a Kafka address where nothing listens.</summary>
public sealed class NoKafkaFixture : SiloHostFixture
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Kafka:BootstrapServers", "127.0.0.1:1"),
        new("Kafka:RequestTimeout", "00:00:02"),
    ];
}

public sealed class KafkaUnavailableTests(NoKafkaFixture host) : IClassFixture<NoKafkaFixture>
{
    [Fact]
    public async Task Stream_KafkaDoesNotAnswer_503JsonNotAStackTrace()
    {
        var response = await host.Http.GetAsync("/v2/stream/beta.only");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(("kafka_unavailable", 503), ((string?)body["type"], (int)body["status"]!));
    }
}
