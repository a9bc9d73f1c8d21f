using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Api;

/// <summary>
/// Everything one stream acquired, with one owner: the per-IP slot's lease (when a limit counts),
/// the partition feeds it holds with its filter on each, and its connection. Disposing gives each back exactly once.
/// </summary>
internal sealed class OpenedStream(
    StreamConnection connection,
    string contentType,
    string[] streams,
    ResumeReport resume,
    IReadOnlyList<PartitionFeed> feeds,
    IReadOnlyList<FeedFilterLease?> filters,
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
        for (var i = 0; i < feeds.Count; i++)
        {
            if (filters[i] is { } filter)
            {
                feeds[i].ReleaseFilter(filter);
            }
            registry.Release(feeds[i]);
        }
        lease?.Dispose();
    }
}
