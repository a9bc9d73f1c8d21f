using EventStreams.DevBroker.Storage;
using Microsoft.Extensions.Logging;

namespace EventStreams.DevBroker.Apis;

/// <summary>What request handlers share: the topics, the options and how this broker is reached.</summary>
internal sealed record BrokerState(
    TopicRegistry Topics,
    DevBrokerOptions Options,
    string AdvertisedHost,
    int Port,
    TimeProvider Time,
    ILogger Logger)
{
    /// <summary>The only broker; it is also the controller and leader of every partition.</summary>
    public const int NodeId = 1;

    public const string ClusterId = "eventstreams-devbroker";

    /// <summary>Leader epochs are not tracked; -1 tells clients to skip epoch validation.</summary>
    public const int UnknownLeaderEpoch = -1;

    public long NowMs => Time.GetUtcNow().ToUnixTimeMilliseconds();
}
