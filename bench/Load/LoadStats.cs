using System.Collections.Concurrent;

namespace EventStreams.Bench.Load;

/// <summary>What all connections of one load process saw since the last reset; thread-safe.</summary>
public sealed class LoadStats
{
    private LatencyHistogram _latency = new();
    private LatencyHistogram _preamble = new();
    private LatencyHistogram _firstEvent = new();
    private LatencyHistogram _resume = new();
    private LatencyHistogram _reopen = new();
    private long _deliveries, _bytes, _lost, _duplicates, _wrongFilter, _serverClosed, _disconnects, _reconnects, _left;
    // Partitions a stream may have for the "first event after the mark" figures (C2 uses 4).
    private const int MarkedPartitions = 64;
    private readonly long[] _firstAfterMark = new long[MarkedPartitions];
    private long _mark = long.MaxValue;
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

    /// <summary>A filtered client received an event its filter does not keep.</summary>
    public void WrongFilter() => Interlocked.Increment(ref _wrongFilter);

    public void ServerClosed() => Interlocked.Increment(ref _serverClosed);

    public void Failed(string reason) => _failures.AddOrUpdate(reason, 1, (_, n) => n + 1);

    public void AddLost(long count) => Interlocked.Add(ref _lost, count);

    /// <summary>An open stream broke.</summary>
    public void Disconnected() => Interlocked.Increment(ref _disconnects);

    /// <summary>A churning client closed its stream on its schedule (it comes back with its Last-Event-ID).</summary>
    public void Left() => Interlocked.Increment(ref _left);

    /// <summary>A client that had a stream before got a new one.</summary>
    public void Reconnected() => Interlocked.Increment(ref _reconnects);

    /// <summary>The first event after a reconnect, <paramref name="ms"/> after the stream broke.</summary>
    public void Resumed(long ms) => Record(_resume, ms);

    /// <summary>A reconnecting client's new stream answered 200, <paramref name="ms"/> after the old one broke.</summary>
    public void Reopened(long ms) => Record(_reopen, ms);

    /// <summary>
    /// From now on, record per partition when the first event produced after
    /// <paramref name="unixMs"/> arrives (e.g. the moment a silo was killed: such an event
    /// can only have come through the partition's new consumer).
    /// </summary>
    public void Mark(long unixMs)
    {
        Volatile.Write(ref _mark, long.MaxValue);
        Array.Clear(_firstAfterMark);
        Volatile.Write(ref _mark, unixMs);
    }

    /// <summary>An event of <paramref name="partition"/>, produced at <paramref name="producedMs"/>, arrived at <paramref name="receivedMs"/> (Unix ms).</summary>
    public void Seen(int partition, long producedMs, long receivedMs)
    {
        if (producedMs > Volatile.Read(ref _mark) && (uint)partition < MarkedPartitions && Volatile.Read(ref _firstAfterMark[partition]) == 0)
        {
            Interlocked.CompareExchange(ref _firstAfterMark[partition], receivedMs, 0);
        }
    }

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
            WrongFilter = Interlocked.Read(ref _wrongFilter),
            ServerClosed = Interlocked.Read(ref _serverClosed),
            Disconnects = Interlocked.Read(ref _disconnects),
            Reconnects = Interlocked.Read(ref _reconnects),
            Left = Interlocked.Read(ref _left),
            FirstAfterMark = [.. _firstAfterMark],
            Failures = new Dictionary<string, int>(_failures),
            Latency = Snapshot(_latency),
            Preamble = Snapshot(_preamble),
            FirstEvent = Snapshot(_firstEvent),
            Resume = Snapshot(_resume),
            Reopen = Snapshot(_reopen),
        };
        if (reset)
        {
            _latency = new LatencyHistogram();
            _preamble = new LatencyHistogram();
            _firstEvent = new LatencyHistogram();
            _resume = new LatencyHistogram();
            _reopen = new LatencyHistogram();
            Interlocked.Exchange(ref _deliveries, 0);
            Interlocked.Exchange(ref _bytes, 0);
            Interlocked.Exchange(ref _lost, 0);
            Interlocked.Exchange(ref _duplicates, 0);
            Interlocked.Exchange(ref _wrongFilter, 0);
            Interlocked.Exchange(ref _disconnects, 0);
            Interlocked.Exchange(ref _reconnects, 0);
            Interlocked.Exchange(ref _left, 0);
            _failures.Clear();
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
    /// <summary>Events a filtered client received that its filter does not keep.</summary>
    public long WrongFilter { get; set; }
    public long ServerClosed { get; set; }
    /// <summary>Open streams that broke, and new streams of clients that had one before (reconnecting clients).</summary>
    public long Disconnects { get; set; }
    public long Reconnects { get; set; }
    /// <summary>Streams that churning clients closed themselves, on their schedule (not broken).</summary>
    public long Left { get; set; }
    public int Connections { get; set; }
    public int Connected { get; set; }
    /// <summary>Clients whose stream is open now.</summary>
    public int Open { get; set; }
    /// <summary>Clients that have lost a stream at least once since they started.</summary>
    public int ReconnectedClients { get; set; }
    /// <summary>Per partition, how many clients have received at least one of its events.</summary>
    public int[] SeenBy { get; set; } = [];
    /// <summary>Per partition, when (Unix ms) the first event produced after the mark arrived; 0: none yet.</summary>
    public long[] FirstAfterMark { get; set; } = [];
    public Dictionary<string, int> Failures { get; set; } = [];
    public SparseHistogram Latency { get; set; } = new([], 0);
    public SparseHistogram Preamble { get; set; } = new([], 0);
    public SparseHistogram FirstEvent { get; set; } = new([], 0);
    /// <summary>Milliseconds from a stream breaking to the first event on the client's next one.</summary>
    public SparseHistogram Resume { get; set; } = new([], 0);
    /// <summary>Milliseconds from a stream breaking to the 200 of the client's next one.</summary>
    public SparseHistogram Reopen { get; set; } = new([], 0);

    /// <summary>The reports of several load processes as one: counts add up, histograms merge, first arrivals take the earliest.</summary>
    public static LoadReport Merge(IReadOnlyCollection<LoadReport> reports)
    {
        var merged = new LoadReport
        {
            Seconds = reports.Max(r => r.Seconds),
            Deliveries = reports.Sum(r => r.Deliveries),
            Bytes = reports.Sum(r => r.Bytes),
            Lost = reports.Sum(r => r.Lost),
            Duplicates = reports.Sum(r => r.Duplicates),
            WrongFilter = reports.Sum(r => r.WrongFilter),
            ServerClosed = reports.Sum(r => r.ServerClosed),
            Disconnects = reports.Sum(r => r.Disconnects),
            Reconnects = reports.Sum(r => r.Reconnects),
            Left = reports.Sum(r => r.Left),
            Connections = reports.Sum(r => r.Connections),
            Connected = reports.Sum(r => r.Connected),
            Open = reports.Sum(r => r.Open),
            ReconnectedClients = reports.Sum(r => r.ReconnectedClients),
            SeenBy = Combine(reports.Select(r => r.SeenBy), (a, b) => a + b),
            FirstAfterMark = Combine(reports.Select(r => r.FirstAfterMark), (a, b) => a == 0 ? b : b == 0 ? a : Math.Min(a, b)),
            Failures = reports.SelectMany(r => r.Failures).GroupBy(f => f.Key).ToDictionary(g => g.Key, g => g.Sum(f => f.Value)),
            Latency = Merge(reports.Select(r => r.Latency)),
            Preamble = Merge(reports.Select(r => r.Preamble)),
            FirstEvent = Merge(reports.Select(r => r.FirstEvent)),
            Resume = Merge(reports.Select(r => r.Resume)),
            Reopen = Merge(reports.Select(r => r.Reopen)),
        };
        return merged;
    }

    private static T[] Combine<T>(IEnumerable<T[]> arrays, Func<T, T, T> combine)
        where T : struct
    {
        var result = Array.Empty<T>();
        foreach (var array in arrays)
        {
            if (array.Length > result.Length)
            {
                Array.Resize(ref result, array.Length);
            }
            for (var i = 0; i < array.Length; i++)
            {
                result[i] = combine(result[i], array[i]);
            }
        }
        return result;
    }

    private static SparseHistogram Merge(IEnumerable<SparseHistogram> histograms)
    {
        var merged = new LatencyHistogram();
        foreach (var h in histograms)
        {
            merged.Add(h.ToHistogram());
        }
        return new SparseHistogram(merged.ToSparse(), merged.Max);
    }
}
