using EventStreams.Grains.Interfaces.Config;
using EventStreams.Silo;
using EventStreams.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace EventStreams.EndToEnd.Tests.Config;

/// <summary>
/// The real single-machine host whose stream configuration comes over HTTP from a
/// <see cref="StreamConfigServer"/>, in MediaWiki's shape ({"streams": …}), reloaded every second.
/// </summary>
public sealed class ReloadingHostFixture : IAsyncLifetime
{
    public const string UserAgent = "eventstreams-e2e";
    public const string HostHeader = "meta.wikimedia.org";
    public const string TopicA = "reload.a";
    public const string TopicB = "reload.b";

    /// <summary>Kept short so tests are quick; they wait on state with a deadline, never on this interval.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    public MockKafkaFixture Kafka { get; } = new();

    public StreamConfigServer ConfigServer { get; private set; } = null!;

    public WebApplication App { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The configuration the host starts with: stream "a" (alias "alpha") on topic A.</summary>
    public static string InitialConfig => Streams("""{"a":{"topics":["reload.a"],"stream_aliases":["alpha"]}}""");

    public static string Streams(string streams) => $$"""{"batchcomplete":true,"streams":{{streams}}}""";

    public Task<StreamCatalog> GetCatalogAsync() => App.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamConfigGrain>(0).GetCatalog();

    public async Task InitializeAsync()
    {
        Kafka.CreateTopicNamed(TopicA);
        Kafka.CreateTopicNamed(TopicB);
        ConfigServer = await StreamConfigServer.StartAsync();
        ConfigServer.Serve(InitialConfig);
        Dictionary<string, string?> settings = new()
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Orleans:SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans:GatewayPort"] = FreePorts.Next().ToString(),
            ["Kafka:BootstrapServers"] = Kafka.BootstrapServers,
            ["StreamConfig:Uri"] = ConfigServer.Url,
            ["StreamConfig:Headers:Host"] = HostHeader,
            ["StreamConfig:ObjectPath"] = "streams",
            ["StreamConfig:TtlSeconds"] = Ttl.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["StreamConfig:UserAgent"] = UserAgent,
            // Removals reach the gateway on its periodic refresh (additions are fetched on the first miss).
            ["Gateway:StreamConfigRefreshInterval"] = "00:00:01",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in MockKafkaFixture.ConsumerSettings)
        {
            settings[$"Kafka:Conf:{key}"] = value;
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
        await ConfigServer.DisposeAsync();
        Kafka.Dispose();
    }
}
