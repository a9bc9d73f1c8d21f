using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>Where a connection reads a partition's history before it joins the live feed, and where its start is resolved.</summary>
internal interface IHistorySource
{
    Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset);

    /// <summary>Turns a requested start (Last-Event-ID entry, since) into an offset in this cluster.</summary>
    Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start);
}

/// <summary>History from the cluster's partition readers (stateless workers near the caller).</summary>
internal sealed class GrainHistorySource(IGrainFactory grains) : IHistorySource
{
    // ~1 MB of typical events per call: large enough to amortise the call, small enough to pipeline.
    private const int EventsPerRead = 1000;

    public Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset) =>
        grains.GetGrain<IPartitionReaderGrain>(partition, topic).Read(fromOffset, EventsPerRead);

    public Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start) =>
        grains.GetGrain<IPartitionReaderGrain>(partition, topic).ResolveStart(start);
}
