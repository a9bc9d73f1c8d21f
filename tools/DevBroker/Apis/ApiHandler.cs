using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// One Kafka API: the version range it advertises, from which version it is flexible, and how
/// it turns a request body into a response body (the connection writes the response header).
/// </summary>
internal abstract class ApiHandler(ApiKey key, short minVersion, short maxVersion, short firstFlexibleVersion)
{
    /// <summary>Marks APIs that have no flexible version.</summary>
    protected const short NeverFlexible = short.MaxValue;

    public ApiKey Key { get; } = key;
    public short MinVersion { get; } = minVersion;
    public short MaxVersion { get; } = maxVersion;

    public bool IsFlexible(short version) => version >= firstFlexibleVersion;

    public virtual bool Supports(short version) => version >= MinVersion && version <= MaxVersion;

    /// <summary>ApiVersions responses always use response header v0, whatever the request version.</summary>
    public virtual bool UsesFlexibleResponseHeader(short version) => IsFlexible(version);

    /// <summary>Writes the response body; returns false when no response must be sent (acks=0).</summary>
    public abstract ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct);
}
