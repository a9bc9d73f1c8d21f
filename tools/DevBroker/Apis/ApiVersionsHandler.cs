using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Apis;

/// <summary>
/// ApiVersions v0–v3. A request above v3 gets UNSUPPORTED_VERSION in the v0 layout together
/// with our ranges, which is how clients learn to retry with a version we speak.
/// </summary>
internal sealed class ApiVersionsHandler(ApiCatalog catalog) : ApiHandler(ApiKey.ApiVersions, 0, MaxSupported, 3)
{
    private const short MaxSupported = 3;

    /// <summary>Any version is accepted so that newer clients get the fallback answer.</summary>
    public override bool Supports(short version) => version >= 0;

    public override bool UsesFlexibleResponseHeader(short version) => false;

    public override ValueTask<bool> HandleAsync(RequestHeader header, ReadOnlyMemory<byte> body, KafkaWriter response, CancellationToken ct)
    {
        var version = header.ApiVersion;
        if (version > MaxVersion)
        {
            response.WriteInt16(ErrorCode.UnsupportedVersion);
            WriteRanges(response, flexible: false);
            return ValueTask.FromResult(true);
        }

        // The request body (client software name/version in v3) carries nothing we act on.
        var flexible = IsFlexible(version);
        response.WriteInt16(ErrorCode.None);
        WriteRanges(response, flexible);
        if (version >= 1)
        {
            response.WriteInt32(0); // throttle time
        }

        response.EndStruct(flexible);
        return ValueTask.FromResult(true);
    }

    private void WriteRanges(KafkaWriter response, bool flexible)
    {
        var handlers = catalog.Handlers;
        response.WriteArrayLength(handlers.Count, flexible);
        foreach (var handler in handlers)
        {
            response.WriteInt16((short)handler.Key);
            response.WriteInt16(handler.MinVersion);
            response.WriteInt16(handler.MaxVersion);
            response.EndStruct(flexible);
        }
    }
}
