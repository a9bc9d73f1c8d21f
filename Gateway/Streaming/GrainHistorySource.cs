using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Streaming;

/// <summary>History from the cluster's partition readers (stateless workers near the caller).</summary>
internal sealed class GrainHistorySource(IGrainFactory grains) : IHistorySource
{
    public Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset) =>
        grains.GetGrain<IPartitionReaderGrain>(partition, topic).Read(fromOffset);

    public Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start) =>
        grains.GetGrain<IPartitionReaderGrain>(partition, topic).ResolveStart(start);
}
