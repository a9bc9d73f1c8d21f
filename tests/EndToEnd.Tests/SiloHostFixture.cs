using EventStreams.Silo;
using EventStreams.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventStreams.EndToEnd.Tests;

/// <summary>
/// The real single-machine host (silo + gateway, exactly as `dotnet run --project Silo` builds
/// it) against a test broker, with a stream configuration made for the tests. Subclasses pick
/// the broker, the topics and the settings.
/// </summary>
public class SiloHostFixture : IAsyncLifetime
{
    public const string Alpha = "e2e.alpha"; // 2 partitions
    public const string Beta = "e2e.beta";   // 1 partition

    private readonly string _configPath = Path.Combine(Path.GetTempPath(), $"stream-config-{Guid.NewGuid():N}.yaml");

    public ITestKafka Kafka { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    public IServiceProvider Services => App.Services;

    protected virtual Task<ITestKafka> StartKafkaAsync() => Task.FromResult<ITestKafka>(new MockKafkaFixture());

    protected virtual IEnumerable<(string Topic, int Partitions)> Topics => [(Alpha, 2), (Beta, 1)];

    protected virtual string StreamConfig => $"""
        test.stream:
          topics: [{Alpha}, {Beta}]
          stream_aliases: [test]
        beta.only:
          topics: [{Beta}]
        missing.topic:
          topics: [e2e.missing]
        half.missing:
          topics: [{Beta}, e2e.missing]
        """;

    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings => [];

    /// <summary>Runs after the topics exist and before the host starts (e.g. to produce fixtures).</summary>
    protected virtual Task SeedAsync() => Task.CompletedTask;

    public async Task InitializeAsync()
    {
        Kafka = await StartKafkaAsync();
        foreach (var (topic, partitions) in Topics)
        {
            Kafka.CreateTopicNamed(topic, partitions);
        }
        await SeedAsync();
        await File.WriteAllTextAsync(_configPath, StreamConfig);
        Dictionary<string, string?> settings = new()
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            ["StreamConfig:Uri"] = _configPath,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Kafka.ConsumerSettings)
        {
            settings[$"Kafka:Conf:{key}"] = value;
        }
        foreach (var (key, value) in Settings)
        {
            settings[key] = value;
        }
        App = SiloHost.Build([], settings);
        await App.StartAsync();
        var address = App.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        Http = new HttpClient { BaseAddress = new Uri(address), Timeout = Timeout.InfiniteTimeSpan };
    }

    public virtual async Task DisposeAsync()
    {
        Http.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
        await Kafka.DisposeAsync();
        File.Delete(_configPath);
    }
}

/// <summary>The same host against the dev broker, which can look offsets up by timestamp.</summary>
public class DevBrokerHostFixture : SiloHostFixture
{
    protected override async Task<ITestKafka> StartKafkaAsync() => await DevBrokerKafka.StartAsync();
}
