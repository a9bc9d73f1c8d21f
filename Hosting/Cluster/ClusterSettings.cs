using System.Net;
using Microsoft.Extensions.Configuration;

namespace EventStreams.Hosting.Cluster;

/// <summary>How nodes find each other.</summary>
public enum ClusteringMode
{
    /// <summary>One silo on this machine (development clustering); gateways find it on localhost or at <see cref="ClusterSettings.Gateways"/>.</summary>
    Localhost,

    /// <summary>Membership in Redis (<see cref="ClusterSettings.Redis"/>): any number of silos and gateways on any machines.</summary>
    Redis,
}

/// <summary>
/// The cluster set-up both hosts share (the silo host and the standalone gateway), bound from the
/// "Orleans" section. It is read before the host is built, because it decides which providers the
/// host gets; <see cref="Read"/> reports every bad value at once, naming the keys.
/// </summary>
public sealed class ClusterSettings
{
    public const string SectionName = "Orleans";
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;
    public const string DefaultId = "eventstreams";

    public ClusteringMode Clustering { get; set; } = ClusteringMode.Localhost;

    /// <summary>Silos and gateways of one deployment share it; a second deployment on the same Redis uses its own.</summary>
    public string ClusterId { get; set; } = DefaultId;

    /// <summary>Stays the same across deployments of this service (it keys stored grain state).</summary>
    public string ServiceId { get; set; } = DefaultId;

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = DefaultSiloPort;

    /// <summary>The port standalone gateways (Orleans clients) connect to.</summary>
    public int GatewayPort { get; set; } = DefaultGatewayPort;

    /// <summary>
    /// The address other nodes reach this silo at (a pod IP in Kubernetes). Unset: Orleans picks
    /// this machine's first non-loopback address; Localhost clustering always uses loopback.
    /// </summary>
    public string? AdvertisedIPAddress { get; set; }

    /// <summary>Localhost clustering, standalone gateway: silo gateway endpoints (host:port). Empty: localhost:<see cref="GatewayPort"/>.</summary>
    public string[] Gateways { get; set; } = [];

    /// <summary>The address a silo advertises: <see cref="AdvertisedIPAddress"/>, else the pod's IP under Kubernetes hosting, else none (Orleans picks).</summary>
    public IPAddress? AdvertisedAddress =>
        AdvertisedIPAddress is { Length: > 0 } address ? IPAddress.Parse(address)
        : Kubernetes.Enabled && Kubernetes.Pod.IP is { } podIp ? IPAddress.Parse(podIp)
        : null;

    public RedisSettings Redis { get; set; } = new();

    /// <summary>Silos in Kubernetes pods (Redis membership still): see <see cref="KubernetesSettings"/>.</summary>
    public KubernetesSettings Kubernetes { get; set; } = new();

    /// <summary>
    /// How long a silo waits for a liveness probe, and (as the cap of Orleans' adaptive probe
    /// period) how often it probes. A silo that misses three probes in a row is declared dead, and
    /// only then do its grains come back elsewhere, so this bounds how long a failover takes:
    /// about three times this value. Orleans' default is 5 s, and up to 20 s between probes once
    /// they fail (a minute to fail over); 2 s failed over in about 6 s in the cluster tests.
    /// </summary>
    public TimeSpan ProbeTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How often a standalone gateway re-reads the list of silos from membership (Orleans' default:
    /// 1 minute). Short, so that a gateway that lost every silo finds restarted ones within seconds.
    /// </summary>
    public TimeSpan GatewayListRefreshPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The "Orleans" section, bound and checked. Orleans reads that section too, and takes a
    /// value at Orleans:Clustering for one of its own configuration-based providers; ours is a
    /// mode (Localhost or Redis) that this layer applies itself, so once read it is hidden from
    /// Orleans by a null at the highest precedence.
    /// </summary>
    /// <exception cref="InvalidConfigurationException">One or more values are unusable; the message names each key.</exception>
    public static ClusterSettings Read(IConfigurationManager configuration)
    {
        var settings = Read((IConfiguration)configuration);
        configuration.AddInMemoryCollection([new($"{SectionName}:{nameof(Clustering)}", null)]);
        return settings;
    }

    /// <inheritdoc cref="Read(IConfigurationManager)"/>
    public static ClusterSettings Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var settings = OptionsBinding.Bind<ClusterSettings>(section, SectionName);
        settings.Kubernetes.Pod = PodEnvironment.Read(configuration);
        var errors = settings.Validate();
        if (errors.Count > 0)
        {
            throw new InvalidConfigurationException(string.Join(" ", errors));
        }
        return settings;
    }

    public List<string> Validate()
    {
        List<string> errors = [];
        if (string.IsNullOrWhiteSpace(ClusterId)) errors.Add($"{SectionName}:{nameof(ClusterId)} must not be empty.");
        if (string.IsNullOrWhiteSpace(ServiceId)) errors.Add($"{SectionName}:{nameof(ServiceId)} must not be empty.");
        if (SiloPort is < 1 or > 65535) errors.Add($"{SectionName}:{nameof(SiloPort)} must be a port from 1 to 65535 (was {SiloPort}).");
        if (GatewayPort is < 1 or > 65535) errors.Add($"{SectionName}:{nameof(GatewayPort)} must be a port from 1 to 65535 (was {GatewayPort}).");
        if (SiloPort == GatewayPort) errors.Add($"{SectionName}:{nameof(SiloPort)} and {SectionName}:{nameof(GatewayPort)} must differ (both were {SiloPort}).");
        if (AdvertisedIPAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
            errors.Add($"{SectionName}:{nameof(AdvertisedIPAddress)} must be an IP address (was '{address}').");
        for (var i = 0; i < Gateways.Length; i++)
        {
            if (!IPEndPoint.TryParse(Gateways[i], out var endpoint) || endpoint.Port == 0)
                errors.Add($"{SectionName}:{nameof(Gateways)}:{i} must be an address and port such as 127.0.0.1:30000 (was '{Gateways[i]}').");
        }
        if (Clustering == ClusteringMode.Redis && string.IsNullOrWhiteSpace(Redis.ConnectionString))
            errors.Add($"{SectionName}:{nameof(Redis)}:{nameof(RedisSettings.ConnectionString)} must be set when {SectionName}:{nameof(Clustering)} is Redis (e.g. redis:6379).");
        if (Kubernetes.Enabled)
            errors.AddRange(Kubernetes.Validate(this));
        if (ProbeTimeout < TimeSpan.FromMilliseconds(200) || ProbeTimeout > TimeSpan.FromMinutes(1))
            errors.Add($"{SectionName}:{nameof(ProbeTimeout)} must be between 00:00:00.2 and 00:01:00 (was {ProbeTimeout}).");
        if (GatewayListRefreshPeriod < TimeSpan.FromMilliseconds(100))
            errors.Add($"{SectionName}:{nameof(GatewayListRefreshPeriod)} must be at least 00:00:00.1 (was {GatewayListRefreshPeriod}).");
        return errors;
    }
}

/// <summary>Redis, for membership and for the grain state that must outlive a silo (per-IP connection slots).</summary>
public sealed class RedisSettings
{
    /// <summary>A StackExchange.Redis configuration string, e.g. "redis:6379" or "host:6379,password=…".</summary>
    public string? ConnectionString { get; set; }
}
