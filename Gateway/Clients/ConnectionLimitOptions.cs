using EventStreams.Hosting;

namespace EventStreams.Gateway.Clients;

/// <summary>Per-client-IP connection limiting; bound from the "ClientLimits" section.</summary>
public sealed class ConnectionLimitOptions : IValidatableOptions
{
    public const string SectionName = "ClientLimits";

    // A lease must survive one failed renewal: at least this many renewal intervals long.
    private const int MinRenewalsPerLease = 2;

    /// <summary>
    /// Most concurrent stream connections one client IP (the X-Client-IP header) may hold across
    /// the whole cluster. Null (the default) means no limit, and X-Client-IP is then not required.
    /// The original's client_ip_connection_limit; it counted per process, this counts cluster-wide.
    /// </summary>
    public int? ConnectionLimitPerIp { get; set; }

    /// <summary>
    /// How long a gateway's slots outlive its last renewal. Slots held by a gateway that died are
    /// free again at most this long after it stopped renewing.
    /// </summary>
    public TimeSpan SlotLease { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>How often a gateway renews its slots: one call per client IP it serves, not per connection.</summary>
    public TimeSpan SlotRenewInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// How long a connect may wait for its IP's grain. A request that was on its way to a silo
    /// that died is otherwise failed only by Orleans' response timeout (30 s); meanwhile its
    /// tentative slot would be kept alive by renewals and hold back the IP's other connects.
    /// The connect gets 503 instead, and the slot, if the grain granted it after all, is dropped
    /// by the next renewal.
    /// </summary>
    public TimeSpan AdmissionTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public string? Validate()
    {
        var errors = new OptionErrors();
        if (ConnectionLimitPerIp is < 1)
            errors.Add($"{SectionName}:{nameof(ConnectionLimitPerIp)} must be at least 1 when set (was {ConnectionLimitPerIp}).");
        if (AdmissionTimeout <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(AdmissionTimeout)} must be positive (was {AdmissionTimeout}).");
        if (SlotRenewInterval <= TimeSpan.Zero)
            errors.Add($"{SectionName}:{nameof(SlotRenewInterval)} must be positive (was {SlotRenewInterval}).");
        if (SlotLease < SlotRenewInterval * MinRenewalsPerLease)
            errors.Add($"{SectionName}:{nameof(SlotLease)} must be at least {MinRenewalsPerLease} × {nameof(SlotRenewInterval)} ({SlotRenewInterval}) (was {SlotLease}).");
        return errors.Message;
    }
}
