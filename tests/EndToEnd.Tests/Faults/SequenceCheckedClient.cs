using System.Diagnostics;
using System.Text.Json;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// An SSE client that checks, as it reads, that each partition's events arrive exactly once and
/// in order: every event's offset must be the one after the previous event's (the first one the
/// partition's start), so a gap, a duplicate or a reordering is recorded the moment it happens.
/// It keeps every (offset, seq) it received for the final comparison with the Kafka log. When the
/// server ends its stream (or the connection breaks) it reconnects, as EventSource does, with the
/// last id it saw, and counts that.
/// </summary>
public sealed class SequenceCheckedClient(HttpClient http, string path, string lastEventId, IReadOnlyDictionary<int, long> startOffsets, string name)
{
    // EventSource waits before reconnecting; a short wait keeps a reconnect loop from spinning.
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromMilliseconds(100);

    private readonly Dictionary<int, long> _nextOffset = new(startOffsets);
    private readonly Dictionary<int, List<(long Offset, int Seq)>> _received = startOffsets.Keys.ToDictionary(p => p, _ => new List<(long, int)>());
    private readonly Dictionary<int, long> _lastArrivalTicks = [];
    private readonly Dictionary<int, long> _longestSilenceTicks = [];
    private readonly List<string> _violations = [];
    private readonly List<string> _endings = [];
    private readonly Lock _lock = new();
    private string _lastEventId = lastEventId;

    public string Name { get; } = name;

    /// <summary>Connections opened; more than one means the client had to reconnect.</summary>
    public int Connections { get; private set; }

    public int Reconnects => Math.Max(0, Connections - 1);

    /// <summary>Why each connection ended before the client stopped (server end, error, or an HTTP status).</summary>
    public IReadOnlyList<string> Endings
    {
        get
        {
            lock (_lock)
            {
                return [.. _endings];
            }
        }
    }

    public IReadOnlyList<string> Violations
    {
        get
        {
            lock (_lock)
            {
                return [.. _violations];
            }
        }
    }

    public IReadOnlyList<(long Offset, int Seq)> Received(int partition)
    {
        lock (_lock)
        {
            return [.. _received[partition]];
        }
    }

    /// <summary>The next offset the client expects of a partition.</summary>
    public long NextOffset(int partition)
    {
        lock (_lock)
        {
            return _nextOffset[partition];
        }
    }

    /// <summary>The longest time the client waited between two events of a partition: how long a fault held it up.</summary>
    public TimeSpan LongestSilence(int partition)
    {
        lock (_lock)
        {
            return Stopwatch.GetElapsedTime(0, _longestSilenceTicks.GetValueOrDefault(partition));
        }
    }

    /// <summary>Reads, reconnecting whenever a connection ends, until cancelled.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            string ending;
            try
            {
                ending = await ReadOneConnectionAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                ending = $"{e.GetType().Name}: {e.Message}";
            }
            lock (_lock)
            {
                _endings.Add(ending);
            }
            try
            {
                await Task.Delay(ReconnectDelay, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task<string> ReadOneConnectionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Last-Event-ID", _lastEventId);
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        Connections++;
        if (!response.IsSuccessStatusCode)
        {
            return $"HTTP {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}";
        }
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        string? id = null, data = null, type = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    if (type is not (null or "message"))
                    {
                        return $"event '{type}': {data}";
                    }
                    OnEvent(data);
                    _lastEventId = id ?? _lastEventId;
                }
                (id, data, type) = (null, null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
            else if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                type = line[7..];
            }
        }
        return "the server ended the stream";
    }

    private void OnEvent(string data)
    {
        using var json = JsonDocument.Parse(data);
        var meta = json.RootElement.GetProperty("meta");
        var partition = meta.GetProperty("partition").GetInt32();
        var offset = meta.GetProperty("offset").GetInt64();
        var seq = json.RootElement.GetProperty("seq").GetInt32();
        var now = Stopwatch.GetTimestamp();
        lock (_lock)
        {
            if (!_nextOffset.TryGetValue(partition, out var expected))
            {
                _violations.Add($"{Name}: an event of partition {partition}, which it did not ask for");
                return;
            }
            if (offset != expected)
            {
                _violations.Add(offset < expected
                    ? $"{Name} p{partition}: offset {offset} (seq {seq}) again, expected {expected} (duplicate)"
                    : $"{Name} p{partition}: offset {offset} (seq {seq}), expected {expected} ({offset - expected} lost)");
            }
            _received[partition].Add((offset, seq));
            _nextOffset[partition] = Math.Max(expected, offset + 1);
            if (_lastArrivalTicks.TryGetValue(partition, out var last))
            {
                _longestSilenceTicks[partition] = Math.Max(_longestSilenceTicks.GetValueOrDefault(partition), now - last);
            }
            _lastArrivalTicks[partition] = now;
        }
    }
}
