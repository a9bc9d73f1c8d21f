namespace EventStreams.Gateway.Streaming;

/// <summary>Something that reads a feed and wants to know when it has grown.</summary>
internal interface IFeedListener
{
    void Wake();
}
