namespace EventStreams.DevBroker.Protocol;

/// <summary>Kafka API keys this broker knows about (only the implemented ones are advertised).</summary>
internal enum ApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
    ApiVersions = 18,
    CreateTopics = 19,
    DeleteTopics = 20,
    InitProducerId = 22,
}
