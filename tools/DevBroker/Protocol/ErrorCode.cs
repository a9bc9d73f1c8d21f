namespace EventStreams.DevBroker.Protocol;

/// <summary>The Kafka protocol error codes this broker can return.</summary>
internal enum ErrorCode : short
{
    None = 0,
    OffsetOutOfRange = 1,
    CorruptMessage = 2,
    UnknownTopicOrPartition = 3,
    InvalidTopic = 17,
    InvalidRequiredAcks = 21,
    UnsupportedVersion = 35,
    TopicAlreadyExists = 36,
    InvalidPartitions = 37,
    InvalidReplicationFactor = 38,
    InvalidRequest = 42,
    UnsupportedForMessageFormat = 43,
    TransactionalIdAuthorizationFailed = 53,
    FetchSessionIdNotFound = 70,
    UnsupportedCompressionType = 76,
    InvalidRecord = 87,
    UnknownTopicId = 100,
}
