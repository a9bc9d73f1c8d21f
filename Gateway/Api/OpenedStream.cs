using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Api;

/// <summary>
/// Everything one stream acquired, with one owner: the per-IP slot's lease (when a limit counts),
/// the partition feeds it holds, and its connection. Disposing gives each back exactly once.
/// </summary>
internal sealed class OpenedStream(
    StreamConnection connection,
    string contentType,
    string[] streams,
    ResumeReport resume,
    IReadOnlyList<PartitionFeed> feeds,
    ConnectionLease? lease,
    PartitionFeedRegistry registry) : IDisposable
{
    private int _disposed;

    public StreamConnection Connection { get; } = connection;

    public string ContentType { get; } = contentType;

    /// <summary>The stream names as requested (the connected-clients gauge and the log use them).</summary>
    public string[] Streams { get; } = streams;

    public ResumeReport Resume { get; } = resume;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }
        foreach (var feed in feeds)
        {
            registry.Release(feed);
        }
        lease?.Dispose();
    }
}
