using EventStreams.Hosting;

namespace EventStreams.Grains.Kafka;

/// <summary>Bound from the "Kafka" configuration section.</summary>
public sealed class KafkaOptions : IValidatableOptions
{
    public const string SectionName = "Kafka";

    /// <summary>
    /// Comma-separated host:port list. Empty means "no Kafka configured": the single-machine
    /// host then starts an embedded broker with demo data and fills this in.
    /// </summary>
    public string? BootstrapServers { get; set; }

    /// <summary>
    /// librdkafka properties passed through unchanged (e.g. security.protocol, fetch.wait.max.ms).
    /// Keys set here win over our defaults, except the few that the design depends on.
    /// </summary>
    public Dictionary<string, string> Conf { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// librdkafka refuses a consumer without group.id even when it only uses Assign();
    /// nothing is ever committed under this id.
    /// </summary>
    public string GroupId { get; set; } = "eventstreams";

    /// <summary>How long a watermark or offset query may take before it fails.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long the metadata request behind a new stream (and the readiness check) may take: when
    /// Kafka is down, this is how long a client waits for its 503 kafka_unavailable. Metadata
    /// answers in milliseconds when Kafka is up.
    /// </summary>
    public TimeSpan MetadataTimeout { get; set; } = TimeSpan.FromSeconds(3);

    public string? Validate()
    {
        var errors = new OptionErrors();
        if (MetadataTimeout <= TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(MetadataTimeout)} must be positive (was {MetadataTimeout}).");
        if (RequestTimeout <= TimeSpan.Zero) errors.Add($"{SectionName}:{nameof(RequestTimeout)} must be positive (was {RequestTimeout}).");
        if (string.IsNullOrWhiteSpace(GroupId)) errors.Add($"{SectionName}:{nameof(GroupId)} must not be empty.");
        if (Conf.Keys.FirstOrDefault(k => k is "enable.auto.commit" or "group.id") is { } key)
            errors.Add($"{SectionName}:Conf:{key} cannot be set: positions are assigned, never committed (use {SectionName}:{nameof(GroupId)} for the id).");
        return errors.Message;
    }
}
