using System.Text;

namespace EventStreams.TestKit;

/// <summary>One SSE event as a client sees it.</summary>
public sealed record SseEvent(string? Event, string? Id, string Data);

/// <summary>
/// A small EventSource-style reader over a real HTTP response: it parses fields line by line,
/// as browsers do, and exposes comment lines (":ok") separately.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = new StreamReader(body, Encoding.UTF8);
    }

    public HttpResponseMessage Response => _response;

    public List<string> Comments { get; } = [];

    public static async Task<SseClient> ConnectAsync(HttpClient http, string path, string? lastEventId = null, string? accept = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }
        if (lastEventId is not null)
        {
            request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        }
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        return new SseClient(response, await response.Content.ReadAsStreamAsync());
    }

    /// <summary>Reads the next event, collecting comments on the way; null at end of stream.</summary>
    public async Task<SseEvent?> ReadEventAsync(CancellationToken cancellationToken)
    {
        string? evt = null, id = null;
        var data = new StringBuilder();
        var any = false;
        while (await _reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
            {
                if (any)
                {
                    return new SseEvent(evt, id, data.ToString());
                }
                continue;
            }
            if (line[0] == ':')
            {
                Comments.Add(line);
                continue;
            }
            any = true;
            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            var value = colon < 0 ? "" : line[(colon + 1)..].TrimStart(' ');
            switch (field)
            {
                case "event": evt = value; break;
                case "id": id = value; break;
                case "data": data.Append(data.Length > 0 ? "\n" : "").Append(value); break;
            }
        }
        return null;
    }

    /// <summary>Reads raw lines (NDJSON mode).</summary>
    public Task<string?> ReadLineAsync(CancellationToken cancellationToken) => _reader.ReadLineAsync(cancellationToken).AsTask();

    /// <summary>Reads until the preamble comment has arrived: the stream is subscribed from then on.</summary>
    public async Task WaitForPreambleAsync(CancellationToken cancellationToken)
    {
        var line = await _reader.ReadLineAsync(cancellationToken);
        if (line != ":ok")
        {
            throw new InvalidOperationException($"Expected the ':ok' preamble, got '{line}'.");
        }
        Comments.Add(line);
        await _reader.ReadLineAsync(cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
