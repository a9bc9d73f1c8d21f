namespace EventStreams.TestKit;

/// <summary>
/// Behaves like a browser's EventSource: remembers the last id it saw and, when the server ends
/// the stream, reconnects with it in Last-Event-ID.
/// </summary>
public sealed class ReconnectingSseClient(HttpClient http, string path, string? lastEventId = null)
{
    public string? LastEventId { get; private set; } = lastEventId;

    public int Connections { get; private set; }

    /// <summary>Collects message events until <paramref name="count"/> have arrived, across reconnects.</summary>
    public async Task<List<SseEvent>> ReadAsync(int count, CancellationToken cancellationToken)
    {
        var events = new List<SseEvent>();
        while (events.Count < count)
        {
            await using var client = await SseClient.ConnectAsync(http, path, LastEventId);
            Connections++;
            while (events.Count < count && await client.ReadEventAsync(cancellationToken) is { } e)
            {
                if (e.Event != "message")
                {
                    throw new InvalidOperationException($"Unexpected event '{e.Event}': {e.Data}");
                }
                LastEventId = e.Id ?? LastEventId;
                events.Add(e);
            }
        }
        return events;
    }
}
