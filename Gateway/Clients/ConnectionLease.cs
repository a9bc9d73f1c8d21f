namespace EventStreams.Gateway.Clients;

/// <summary>One admitted connection's slot. Disposing gives it back, exactly once however often it is called.</summary>
internal sealed class ConnectionLease(ClientSlots slots, string clientIp, Guid connectionId) : IDisposable
{
    private int _released;

    public string ClientIp { get; } = clientIp;

    public Guid ConnectionId { get; } = connectionId;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
        {
            slots.Release(ClientIp, ConnectionId);
        }
    }
}
