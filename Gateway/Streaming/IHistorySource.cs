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
