using EventStreams.EndToEnd.Tests;

namespace EventStreams.Ui.Tests.Infrastructure;

/// <summary>
/// The real single-machine host against the dev broker, with the demo producer on (as
/// `dotnet run --project Silo` runs it) and three test streams: one a test produces numbered
/// events to, one with numbered events from an hour ago, and one for bursts. The server closes
/// every connection after a few seconds, so the page's reconnects happen within a test.
/// </summary>
public sealed class ExplorerHostFixture : DevBrokerHostFixture
{
    public const string RecentChange = "mediawiki.recentchange";
    public const string Sequence = "ui.sequence";
    public const string History = "ui.history";
    public const string Busy = "ui.busy";

    /// <summary>Numbered events in <see cref="History"/>, all produced <see cref="HistoryAge"/> ago.</summary>
    public const int HistoryEvents = 5;

    /// <summary>Short, so that each reconnect test sees the server end a connection; Chromium waits 3 s before it reconnects.</summary>
    public static readonly TimeSpan MaxConnectionDuration = TimeSpan.FromSeconds(3);

    public static readonly TimeSpan HistoryAge = TimeSpan.FromHours(1);

    /// <summary>The demo producer's rate: enough that a live event is always a fraction of a second away.</summary>
    private const int DemoEventsPerSecond = 20;

    /// <summary>The topics the demo producer writes (Silo/Demo/DemoProducer.cs), as in stream-config.yaml.</summary>
    private static readonly string[] DemoTopics =
        [.. new[] { "recentchange", "revision-create", "page-create" }.SelectMany(s => new[] { $"eqiad.mediawiki.{s}", $"codfw.mediawiki.{s}" })];

    public DateTimeOffset HistoryTime { get; } = DateTimeOffset.UtcNow.Subtract(HistoryAge);

    /// <summary>Every stream name the page must offer, aliases included, in the service's order.</summary>
    public static readonly string[] StreamNames =
        ["mediawiki.page-create", "mediawiki.recentchange", "mediawiki.revision-create", "page-create", "recentchange", "revision-create", Busy, History, Sequence];

    protected override IEnumerable<(string Topic, int Partitions)> Topics =>
        [.. DemoTopics.Select(t => (t, 1)), (Sequence, 1), (History, 1), (Busy, 1)];

    protected override string StreamConfig => $"""
        mediawiki.page-create:
          topics: [eqiad.mediawiki.page-create, codfw.mediawiki.page-create]
          stream_aliases: [page-create]
          description: mediawiki.page-create events. Emitted when a new page is created.
        mediawiki.recentchange:
          topics: [eqiad.mediawiki.recentchange, codfw.mediawiki.recentchange]
          stream_aliases: [recentchange]
          description: mediawiki.recentchange events. Every change that appears in Special:RecentChanges.
        mediawiki.revision-create:
          topics: [eqiad.mediawiki.revision-create, codfw.mediawiki.revision-create]
          stream_aliases: [revision-create]
        {Sequence}:
          topics: [{Sequence}]
          description: Numbered test events, produced by the test that reads them.
        {History}:
          topics: [{History}]
          description: Numbered test events from an hour ago.
        {Busy}:
          topics: [{Busy}]
          description: Bursts of test events.
        """;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Demo:Enabled", "true"),
        new("Demo:EventsPerSecond", DemoEventsPerSecond.ToString()),
        new("Gateway:MaxConnectionDuration", MaxConnectionDuration.ToString()),
    ];

    protected override async Task SeedAsync()
    {
        for (var seq = 0; seq < HistoryEvents; seq++)
        {
            await Kafka.ProduceAsync(History, 0, $$"""{"seq":{{seq}},"phase":"history"}""", timestamp: HistoryTime.AddMilliseconds(seq));
        }
    }
}
