using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.DependencyInjection;

namespace EventStreams.EndToEnd.Tests.Config;

/// <summary>
/// The real single-machine host whose stream configuration comes over HTTP from a
/// <see cref="StreamConfigServer"/>, in MediaWiki's shape ({"streams": …}), reloaded every second.
/// </summary>
public sealed class ReloadingHostFixture : SiloHostFixture
{
    public const string UserAgent = "eventstreams-e2e";
    public const string HostHeader = "meta.wikimedia.org";
    public const string TopicA = "reload.a";
    public const string TopicB = "reload.b";

    /// <summary>Kept short so tests are quick; they wait on state with a deadline, never on this interval.</summary>
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(1);

    public StreamConfigServer ConfigServer { get; private set; } = null!;

    /// <summary>The configuration the host starts with: stream "a" (alias "alpha") on topic A.</summary>
    public static string InitialConfig => Streams("""{"a":{"topics":["reload.a"],"stream_aliases":["alpha"]}}""");

    public static string Streams(string streams) => $$"""{"batchcomplete":true,"streams":{{streams}}}""";

    public Task<StreamCatalog> GetCatalogAsync() => App.Services.GetRequiredService<IGrainFactory>().GetGrain<IStreamConfigGrain>(0).GetCatalog();

    protected override IEnumerable<(string Topic, int Partitions)> Topics => [(TopicA, 1), (TopicB, 1)];

    protected override async Task SeedAsync()
    {
        ConfigServer = await StreamConfigServer.StartAsync();
        ConfigServer.Serve(InitialConfig);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("StreamConfig:Uri", ConfigServer.Url),
        new("StreamConfig:Headers:Host", HostHeader),
        new("StreamConfig:ObjectPath", "streams"),
        new("StreamConfig:TtlSeconds", Ttl.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        new("StreamConfig:UserAgent", UserAgent),
        // No periodic refresh within a test: removals must reach the gateway by the grain's announcement.
        new("Gateway:StreamConfigRefreshInterval", "01:00:00"),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await ConfigServer.DisposeAsync();
    }
}
