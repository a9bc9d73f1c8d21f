namespace EventStreams.DevBroker.Protocol;

/// <summary>
/// A decoded request header (v1 for classic versions, v2 for flexible ones).
/// </summary>
/// <param name="BodyOffset">Where the request body starts within the frame.</param>
internal sealed record RequestHeader(ApiKey ApiKey, short ApiVersion, int CorrelationId, string? ClientId, int BodyOffset)
{
    /// <summary>
    /// Decodes the header. The header's own version depends on whether the API version is
    /// flexible, which the caller tells us; the client id is always a classic nullable string.
    /// </summary>
    public static RequestHeader Parse(ReadOnlySpan<byte> frame, Func<ApiKey, short, bool> isFlexible)
    {
        var reader = new KafkaReader(frame);
        var apiKey = (ApiKey)reader.ReadInt16();
        var apiVersion = reader.ReadInt16();
        var correlationId = reader.ReadInt32();
        var clientId = reader.ReadNullableString(flexible: false);
        if (isFlexible(apiKey, apiVersion))
        {
            reader.SkipTaggedFields();
        }

        return new RequestHeader(apiKey, apiVersion, correlationId, clientId, reader.Position);
    }
}
