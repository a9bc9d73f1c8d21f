using System.Text.Json;

namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>
/// An SSE client that checks delivery as it reads: per partition, every offset after its first
/// must be the previous one plus one (the test broker's offsets have no holes), so a gap, a
/// duplicate or a reordering is a violation. With <c>reconnect</c> it behaves like EventSource:
/// when its stream breaks it reconnects, to the next gateway in its list, with its Last-Event-ID.
/// </summary>
public sealed class CheckedStream(HttpClient http, string[] gateways, string path, string clientIp, bool reconnect)
{
    private readonly Dictionary<(string Topic, int Partition), long> _last = [];
    private readonly List<string> _violations = [];
    private readonly Lock _lock = new();
    private int _gateway;

    public string ClientIp { get; } = clientIp;

    public int Connections { get; private set; }

    public int Received { get; private set; }

    public string? LastEventId { get; private set; }

    /// <summary>The stream ended (and the client was not told to reconnect).</summary>
    public bool Ended { get; private set; }

    public string? EndReason { get; private set; }

    /// <summary>When each of its connections ended, and whether the server ended it cleanly (the response completed) or it broke.</summary>
    public IReadOnlyList<(DateTime At, bool Clean)> ConnectionEnds
    {
        get
        {
            lock (_lock)
            {
                return [.. _ends];
            }
        }
    }

    private readonly List<(DateTime At, bool Clean)> _ends = [];

    private void RecordEnd(bool clean)
    {
        lock (_lock)
        {
            _ends.Add((DateTime.UtcNow, clean));
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

    /// <summary>The last offset received of a partition, or -1.</summary>
    public long LastOffset(string topic, int partition)
    {
        lock (_lock)
        {
            return _last.TryGetValue((topic, partition), out var offset) ? offset : -1;
        }
    }

    public bool HasReceivedAll(IReadOnlyDictionary<(string Topic, int Partition), long> lastProduced) =>
        lastProduced.All(p => LastOffset(p.Key.Topic, p.Key.Partition) >= p.Value);

    /// <summary>Reads until cancelled (or, without reconnect, until the stream ends).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ReadOneConnectionAsync(cancellationToken);
                EndReason = "the server ended the stream";
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                EndReason = e.Message;
            }
            if (!reconnect)
            {
                Ended = true;
                return;
            }
            // EventSource's reconnect: the next gateway, with the last id seen.
            _gateway = (_gateway + 1) % gateways.Length;
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ReadOneConnectionAsync(CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, gateways[_gateway] + path);
        request.Headers.TryAddWithoutValidation("X-Client-IP", ClientIp);
        if (LastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", LastEventId);
        }
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{(int)response.StatusCode} from {gateways[_gateway]}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }
        Connections++;
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        var clean = false;
        try
        {
            await ReadEventsAsync(reader, cancellationToken);
            clean = true;
        }
        finally
        {
            if (!cancellationToken.IsCancellationRequested)
            {
                RecordEnd(clean);
            }
        }
    }

    private async Task ReadEventsAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        string? id = null, data = null;
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (data is not null)
                {
                    OnEvent(data);
                    LastEventId = id ?? LastEventId;
                }
                (id, data) = (null, null);
            }
            else if (line.StartsWith("id: ", StringComparison.Ordinal))
            {
                id = line[4..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal))
            {
                data = line[6..];
            }
        }
    }

    private void OnEvent(string data)
    {
        using var json = JsonDocument.Parse(data);
        var meta = json.RootElement.GetProperty("meta");
        var key = (meta.GetProperty("topic").GetString()!, meta.GetProperty("partition").GetInt32());
        var offset = meta.GetProperty("offset").GetInt64();
        lock (_lock)
        {
            Received++;
            if (_last.TryGetValue(key, out var last) && offset != last + 1)
            {
                _violations.Add(offset <= last
                    ? $"{ClientIp} {key.Item1}/{key.Item2}: offset {offset} after {last} (duplicate or reordered)"
                    : $"{ClientIp} {key.Item1}/{key.Item2}: offset {offset} after {last} ({offset - last - 1} missing)");
            }
            _last[key] = Math.Max(offset, last);
        }
    }
}
