namespace EventStreams.EndToEnd.Tests.Clients;

/// <summary>
/// The real host with a per-IP connection limit (short slot leases, so reclaiming is quick)
/// and a redacted page configured, as an operator would through configuration keys.
/// </summary>
public sealed class LimitedHostFixture : SiloHostFixture
{
    public const int Limit = 3;
    public const string RedactedWiki = "test.wikipedia.org";
    public static readonly TimeSpan SlotLease = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan SlotRenewInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>The host itself (tests read it as fixture.Host).</summary>
    public SiloHostFixture Host => this;

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("ClientLimits:ConnectionLimitPerIp", Limit.ToString()),
        new("ClientLimits:SlotLease", SlotLease.ToString()),
        new("ClientLimits:SlotRenewInterval", SlotRenewInterval.ToString()),
        new($"Redaction:Pages:{RedactedWiki}:0", "Redact this"),
        new($"Redaction:Pages:{RedactedWiki}:1", "404"),
    ];
}
