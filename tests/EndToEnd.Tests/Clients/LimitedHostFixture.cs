namespace EventStreams.EndToEnd.Tests.Clients;

/// <summary>
/// The real host with a per-IP connection limit (short slot leases, so reclaiming is quick)
/// and a redacted page configured, as an operator would through configuration keys.
/// </summary>
public sealed class LimitedHostFixture : IAsyncLifetime
{
    public const int Limit = 3;
    public const string RedactedWiki = "test.wikipedia.org";
    public static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SlotRenewInterval = TimeSpan.FromMilliseconds(500);

    public SiloHostFixture Host { get; } = new(new Dictionary<string, string?>
    {
        ["ClientLimits:ConnectionLimitPerIp"] = Limit.ToString(),
        ["ClientLimits:SlotLease"] = SlotLease.ToString(),
        ["ClientLimits:SlotRenewInterval"] = SlotRenewInterval.ToString(),
        [$"Redaction:Pages:{RedactedWiki}:0"] = "Redact this",
        [$"Redaction:Pages:{RedactedWiki}:1"] = "404",
    });

    public Task InitializeAsync() => Host.InitializeAsync();

    public Task DisposeAsync() => Host.DisposeAsync();
}
