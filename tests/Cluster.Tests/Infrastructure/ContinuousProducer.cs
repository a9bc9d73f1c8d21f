using Confluent.Kafka;

namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>
/// Produces continuously, round-robin over every partition of its topics, at about the given rate,
/// and remembers the last offset it wrote to each partition: a client has everything when it has
/// those.
/// </summary>
public sealed class ContinuousProducer : IAsyncDisposable
{
    private readonly IProducer<Null, string> _producer;
    private readonly (string Topic, int Partition)[] _partitions;
    private readonly TimeSpan _pause;
    private readonly Dictionary<(string Topic, int Partition), long> _last = [];
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    public ContinuousProducer(string bootstrapServers, IEnumerable<(string Topic, int Partitions)> topics, int eventsPerSecond)
    {
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig { BootstrapServers = bootstrapServers, LingerMs = 0, EnableIdempotence = false }).Build();
        _partitions = [.. topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => (t.Topic, p)))];
        _pause = TimeSpan.FromSeconds(1.0 / eventsPerSecond);
    }

    public int Produced { get; private set; }

    public void Start() => _run = RunAsync(_stop.Token);

    /// <summary>Stops and returns the last offset written to each partition.</summary>
    public async Task<IReadOnlyDictionary<(string Topic, int Partition), long>> StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }
        return new Dictionary<(string, int), long>(_last);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var seq = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            var (topic, partition) = _partitions[seq % _partitions.Length];
            var result = await _producer.ProduceAsync(new TopicPartition(topic, partition), new Message<Null, string> { Value = $$"""{"seq":{{seq}}}""" });
            _last[(topic, partition)] = result.Offset.Value;
            Produced++;
            seq++;
            try
            {
                await Task.Delay(_pause, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _producer.Dispose();
        _stop.Dispose();
    }
}
