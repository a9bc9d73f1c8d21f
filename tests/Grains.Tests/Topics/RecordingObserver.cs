using System.Collections.Concurrent;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Grains.Tests.Topics;

/// <summary>A gateway stand-in that records every batch a TopicGrain pushes to it.</summary>
internal sealed class RecordingObserver : ITopicObserver
{
    public ConcurrentQueue<EventBatch> Batches { get; } = new();

    public IReadOnlyList<EncodedEvent> Events => [.. Batches.SelectMany(b => b.Events)];

    public Task OnEvents(EventBatch batch)
    {
        Batches.Enqueue(batch);
        return Task.CompletedTask;
    }
}
