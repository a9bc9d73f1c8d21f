using System.Diagnostics;
using Confluent.Kafka;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// Produces on a schedule, round-robin over a topic's partitions, each event carrying its
/// partition's next sequence number (<c>{"seq":N,"p":P}</c>, from 0). It never waits for a
/// delivery before producing the next one, so production goes on while a broker is down (the
/// producer queues) and the broker gets a backlog when it returns. The producer is idempotent:
/// its retries after a disconnect can neither duplicate nor reorder a partition's events, so the
/// log holds every sequence number once, in order, and anything else a client sees is the service's.
/// </summary>
public sealed class SequencedProducer : IAsyncDisposable
{
    // Generous: a fault lasts seconds, and a message must not time out in the producer's queue meanwhile.
    private static readonly TimeSpan MessageTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan FlushTimeout = TimeSpan.FromSeconds(30);

    private readonly IProducer<Null, string> _producer;
    private readonly string _topic;
    private readonly int _partitions;
    private readonly TimeSpan _interval;
    private readonly int[] _nextSeq;
    private readonly int[] _acked;
    private readonly long[] _lastAckTicks;
    private readonly long[] _longestAckGapTicks;
    private readonly List<string> _failures = [];
    private readonly Lock _lock = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _run;

    /// <param name="eventsPerSecond">In total, over all partitions.</param>
    public SequencedProducer(string bootstrapServers, string topic, int partitions, int eventsPerSecond)
    {
        _producer = new ProducerBuilder<Null, string>(new ProducerConfig
        {
            BootstrapServers = bootstrapServers,
            EnableIdempotence = true,
            LingerMs = 0,
            MessageTimeoutMs = (int)MessageTimeout.TotalMilliseconds,
        }).Build();
        (_topic, _partitions) = (topic, partitions);
        _interval = TimeSpan.FromSeconds(1.0 / eventsPerSecond);
        _nextSeq = new int[partitions];
        _acked = new int[partitions];
        _lastAckTicks = new long[partitions];
        _longestAckGapTicks = new long[partitions];
    }

    /// <summary>Events handed to the producer per partition (sequence numbers 0 to this − 1).</summary>
    public IReadOnlyList<int> Produced
    {
        get
        {
            lock (_lock)
            {
                return [.. _nextSeq];
            }
        }
    }

    /// <summary>Events the broker acknowledged per partition.</summary>
    public IReadOnlyList<int> Acknowledged
    {
        get
        {
            lock (_lock)
            {
                return [.. _acked];
            }
        }
    }

    /// <summary>Deliveries that failed (none is expected: a fault lasts far less than the message timeout).</summary>
    public IReadOnlyList<string> Failures
    {
        get
        {
            lock (_lock)
            {
                return [.. _failures];
            }
        }
    }

    /// <summary>The longest time between two acknowledgements of a partition: shows how long the broker held it up.</summary>
    public TimeSpan LongestAcknowledgementGap(int partition)
    {
        lock (_lock)
        {
            return Stopwatch.GetElapsedTime(0, _longestAckGapTicks[partition]);
        }
    }

    public void Start() => _run = RunAsync(_stop.Token);

    /// <summary>Stops producing and waits until the broker has acknowledged (or failed) everything produced.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run;
        }
        _producer.Flush(FlushTimeout);
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        // On a schedule, not paced by deliveries: a stalled partition does not slow the others.
        using var timer = new PeriodicTimer(_interval);
        var partition = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                int seq;
                lock (_lock)
                {
                    seq = _nextSeq[partition]++;
                }
                var p = partition;
                _producer.Produce(new TopicPartition(_topic, p), new Message<Null, string> { Value = $$"""{"seq":{{seq}},"p":{{p}}}""" }, report => OnDelivery(p, report));
                partition = (partition + 1) % _partitions;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private void OnDelivery(int partition, DeliveryReport<Null, string> report)
    {
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (report.Error.IsError)
            {
                _failures.Add($"{_topic}/{partition}: {report.Error.Reason} ({report.Error.Code})");
                return;
            }
            _acked[partition]++;
            if (_lastAckTicks[partition] != 0)
            {
                _longestAckGapTicks[partition] = Math.Max(_longestAckGapTicks[partition], now - _lastAckTicks[partition]);
            }
            _lastAckTicks[partition] = now;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _producer.Dispose();
        _stop.Dispose();
    }
}
