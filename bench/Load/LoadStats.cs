using System.Collections.Concurrent;

namespace EventStreams.Bench.Load;

/// <summary>What all connections of one load process saw since the last reset; thread-safe.</summary>
public sealed class LoadStats
{
    private LatencyHistogram _latency = new();
    private LatencyHistogram _preamble = new();
    private LatencyHistogram _firstEvent = new();
    private long _deliveries, _bytes, _lost, _duplicates, _serverClosed;
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private long _since = Environment.TickCount64;

    public void Delivered(long latencyMs, int bytes)
    {
        Interlocked.Increment(ref _deliveries);
        Interlocked.Add(ref _bytes, bytes);
        Record(_latency, latencyMs);
    }

    public void Preamble(long ms) => Record(_preamble, ms);

    public void FirstEvent(long ms) => Record(_firstEvent, ms);

    public void Lost(long count) => Interlocked.Add(ref _lost, count);

    public void Duplicate() => Interlocked.Increment(ref _duplicates);

    public void ServerClosed() => Interlocked.Increment(ref _serverClosed);

    public void Failed(string reason) => _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void AddLost(long count) => Interlocked.Add(ref _lost, count);

    // Two cores share the buckets; an Interlocked increment keeps counts exact at little cost.
    private static void Record(LatencyHistogram h, long ms)
    {
        var bucket = (int)Math.Clamp(ms, 0, LatencyHistogram.MaxMilliseconds);
        Interlocked.Increment(ref h.Buckets[bucket]);
        long max;
        while (ms > (max = Interlocked.Read(ref h.MaxField)) && Interlocked.CompareExchange(ref h.MaxField, ms, max) != max)
        {
        }
    }

    public LoadReport Report(bool reset)
    {
        var report = new LoadReport
        {
            Seconds = (Environment.TickCount64 - _since) / 1000.0,
            Deliveries = Interlocked.Read(ref _deliveries),
            Bytes = Interlocked.Read(ref _bytes),
            Lost = Interlocked.Read(ref _lost),
            Duplicates = Interlocked.Read(ref _duplicates),
            ServerClosed = Interlocked.Read(ref _serverClosed),
            Failures = new Dictionary<string, int>(_failures),
            Latency = Snapshot(_latency),
            Preamble = Snapshot(_preamble),
            FirstEvent = Snapshot(_firstEvent),
        };
        if (reset)
        {
            _latency = new LatencyHistogram();
            _preamble = new LatencyHistogram();
            _firstEvent = new LatencyHistogram();
            Interlocked.Exchange(ref _deliveries, 0);
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _lost, 0);
            Interlocked.Exchange(ref _duplicates, 0);
            _since = Environment.TickCount64;
        }
        return report;
    }

    private static SparseHistogram Snapshot(LatencyHistogram h) => new(h.ToSparse(), Interlocked.Read(ref h.MaxField));
}

public sealed record SparseHistogram(Dictionary<int, long> Buckets, long Max)
{
    public LatencyHistogram ToHistogram() => LatencyHistogram.FromSparse(Buckets, Max);
}

/// <summary>One load process's answer to "report", as JSON on its stdout.</summary>
public sealed class LoadReport
{
    public double Seconds { get; set; }
    public long Deliveries { get; set; }
    public long Bytes { get; set; }
    public long Lost { get; set; }
    public long Duplicates { get; set; }
    public long ServerClosed { get; set; }
    public int Connections { get; set; }
    public int Connected { get; set; }
    public Dictionary<string, int> Failures { get; set; } = [];
    public SparseHistogram Latency { get; set; } = new([], 0);
    public SparseHistogram Preamble { get; set; } = new([], 0);
    public SparseHistogram FirstEvent { get; set; } = new([], 0);
}
