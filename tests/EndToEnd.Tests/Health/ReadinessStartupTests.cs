using System.Net;
using System.Text.Json.Nodes;
using EventStreams.EndToEnd.Tests.Config;
using EventStreams.Silo;
using EventStreams.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventStreams.EndToEnd.Tests.Health;

/// <summary>Readiness of the real host around its start and when Kafka goes away.</summary>
public sealed class ReadinessStartupTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>How long the test keeps the configuration from loading: well under the loader's 15 s timeout.</summary>
    private static readonly TimeSpan HoldFor = TimeSpan.FromSeconds(2);

    private static WebApplication Build(ITestKafka kafka, string configUri) => SiloHost.Build([], new Dictionary<string, string?>
    {
        ["Urls"] = "http://127.0.0.1:0",
        ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
        ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
        ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
        ["Kafka:RequestTimeout"] = "00:00:02",
        ["StreamConfig:Uri"] = configUri,
        ["Logging:LogLevel:Default"] = "Warning",
    });

    private static string Address(WebApplication app) =>
        app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.FirstOrDefault() ?? "";

    [Fact]
    public async Task Readyz_StreamConfigurationNotLoadedYet_NothingServedThenReadyOnceLoaded()
    {
        await using var kafka = new MockKafkaFixture();
        kafka.CreateTopicNamed("ready.topic");
        await using var config = await StreamConfigServer.StartAsync();
        config.Serve("""{"ready":{"topics":["ready.topic"]}}""");
        config.Hold();
        await using var app = Build(kafka, config.Url);
        using var cts = new CancellationTokenSource(Deadline);

        // The silo loads the configuration while it starts, and the web server starts after the
        // silo: a probe gets no answer at all (not ready) until the configuration is loaded.
        var starting = app.StartAsync(cts.Token);
        await Eventually.GetAsync(() => Task.FromResult(config.Requests), n => n > 0, "the configuration to be requested", Deadline);
        await Task.Delay(HoldFor, cts.Token);
        Assert.False(starting.IsCompleted);
        Assert.Equal("", Address(app));

        config.Release();
        await starting;
        using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };
        using var ready = await http.GetAsync("/readyz", cts.Token);
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        await app.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Readyz_KafkaGone_503NamingTheKafkaCheck()
    {
        var kafka = new MockKafkaFixture();
        kafka.CreateTopicNamed("ready.topic");
        var configPath = Path.Combine(Path.GetTempPath(), $"stream-config-{Guid.NewGuid():N}.yaml");
        await File.WriteAllTextAsync(configPath, "ready:\n  topics: [ready.topic]\n");
        await using var app = Build(kafka, configPath);
        using var cts = new CancellationTokenSource(Deadline);
        await app.StartAsync(cts.Token);
        using var http = new HttpClient { BaseAddress = new Uri(Address(app)) };
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz", cts.Token)).StatusCode);

            await kafka.DisposeAsync();

            // Metadata is cached for a few seconds; after that the probe asks Kafka, which is gone.
            var body = await Eventually.GetAsync(async () =>
                {
                    using var response = await http.GetAsync("/readyz", cts.Token);
                    return (response.StatusCode, Body: JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token))!);
                },
                r => r.StatusCode == HttpStatusCode.ServiceUnavailable, "/readyz to report Kafka gone", Deadline);
            Assert.Equal("Unhealthy", body.Body["status"]!.GetValue<string>());
            Assert.Equal("Unhealthy", body.Body["checks"]!["kafka"]!["status"]!.GetValue<string>());
            Assert.Equal("Healthy", body.Body["checks"]!["stream_config"]!["status"]!.GetValue<string>());
            Assert.Equal("Healthy", body.Body["checks"]!["silo"]!["status"]!.GetValue<string>());
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz", cts.Token)).StatusCode);
        }
        finally
        {
            await app.StopAsync(CancellationToken.None);
            File.Delete(configPath);
        }
    }
}
