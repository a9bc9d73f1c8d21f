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
    TimeProvider time,
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
                _reader = new PartitionReader(topic!, partition, clients, tracker, decoder.ForPartition(topic!, partition, logger, time), logger);
            }
            return _reader;
        }
    }

    public Task<ResolvedStart> ResolveStart(StartRequest request) => OffScheduler(() => Reader.ResolveStart(request));

    public Task<EventBatch> Read(long fromOffset) => OffScheduler(() => Reader.Read(fromOffset));

    /// <summary>
    /// librdkafka calls block (up to a fetch wait or a broker timeout), so they run neither on the
    /// grain scheduler nor on the thread pool: on a thread of their own. On the pool, a reconnect
    /// storm (bench C2: 1,000 resumes × 4 partitions) blocked enough pool threads to stall the
    /// silo's grains for seconds, and live feeds went silent; a 2-core pool adds threads slowly.
    /// </summary>
    private static Task<T> OffScheduler<T>(Func<T> call) =>
        Task.Factory.StartNew(call, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        _reader?.Dispose();
        return Task.CompletedTask;
    }
}
