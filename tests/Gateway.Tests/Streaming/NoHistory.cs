using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Tests.Streaming;

/// <summary>History for connections that only read live: a read never lands.</summary>
internal sealed class NoHistory : IHistorySource
{
    public Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset) => new TaskCompletionSource<EventBatch>().Task;

    public Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start) => throw new NotSupportedException();
}
