using EventStreams.Silo;
using EventStreams.TestKit;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace EventStreams.EndToEnd.Tests;

/// <summary>
/// The real single-machine host (silo + gateway, exactly as `dotnet run --project Silo` builds
/// it) against a librdkafka mock cluster, with a stream configuration made for the tests.
/// </summary>
public sealed class SiloHostFixture : IAsyncLifetime
{
    public const string Alpha = "e2e.alpha"; // 2 partitions
    public const string Beta = "e2e.beta";   // 1 partition

    private readonly string _configPath = Path.Combine(Path.GetTempPath(), $"stream-config-{Guid.NewGuid():N}.yaml");
    private readonly IReadOnlyDictionary<string, string?> _extraSettings;

    public SiloHostFixture() : this(new Dictionary<string, string?>())
    {
    }

    /// <summary>The same host with more configuration (for fixtures that wrap this one).</summary>
    internal SiloHostFixture(IReadOnlyDictionary<string, string?> extraSettings) => _extraSettings = extraSettings;

    public MockKafkaFixture Kafka { get; } = new();

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    public async Task InitializeAsync()
    {
        Kafka.CreateTopicNamed(Alpha, partitions: 2);
        Kafka.CreateTopicNamed(Beta, partitions: 1);
        await File.WriteAllTextAsync(_configPath, $"""
            test.stream:
              topics: [{Alpha}, {Beta}]
              stream_aliases: [test]
            beta.only:
              topics: [{Beta}]
            missing.topic:
              topics: [e2e.missing]
            half.missing:
              topics: [{Beta}, e2e.missing]
            """);
        Dictionary<string, string?> settings = new()
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            ["StreamConfig:Uri"] = _configPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in MockKafkaFixture.ConsumerSettings)
        {
            settings[$"Kafka:Conf:{key}"] = value;
        }
        foreach (var (key, value) in _extraSettings)
        {
            settings[key] = value;
        }
        App = SiloHost.Build([], settings);
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        Kafka.Dispose();
        File.Delete(_configPath);
    }
}
