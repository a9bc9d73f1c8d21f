using EventStreams.Grains.Events;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;
using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Logging;
using Orleans.Concurrency;

namespace EventStreams.Grains.History;

/// <summary>
/// History reads for one partition. At most <see cref="MaxReadersPerSilo"/> activations per silo
/// and partition, each with one consumer: catch-up traffic is bounded per partition, not per client.
/// </summary>
[StatelessWorker(MaxReadersPerSilo)]
public sealed class PartitionReaderGrain(
    KafkaClientFactory clients,
    KafkaConsumerTracker tracker,
    EventDecoder decoder,
    ILogger<PartitionReaderGrain> logger) : Grain, IPartitionReaderGrain
{
    // Two let one client's long catch-up and another's resume proceed side by side.
    private const int MaxReadersPerSilo = 2;

    private PartitionReader? _reader;

    private PartitionReader Reader
    {
        get
        {
            if (_reader is null)
            {
                var partition = (int)this.GetPrimaryKeyLong(out var topic);
                _reader = new PartitionReader(topic!, partition, clients, tracker, decoder, logger);
            }
            return _reader;
        }
    }

    // librdkafka calls block; run them on the thread pool, never on the grain scheduler.
    public Task<long> ResolveStart(StartRequest request) => Task.Run(() => Reader.ResolveStart(request));

    public Task<EventBatch> Read(long fromOffset, int maxEvents) => Task.Run(() => Reader.Read(fromOffset, maxEvents));

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _reader?.Dispose();
        return Task.CompletedTask;
    }
}
