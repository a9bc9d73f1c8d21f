using System.Text;

namespace EventStreams.Bench.Load;

/// <summary>
/// The Last-Event-ID of one reconnecting client, as EventSource keeps it: the id line of the frame
/// being read stays pending until that frame's data line has been counted, and only then becomes
/// the id to resume from. A connection that breaks between the two resumes from the frame before,
/// so the event is received again rather than skipped.
/// </summary>
internal sealed class LastEventIdTracker
{
    // An id has one entry of about 60 bytes per partition of the stream; buffers grow if needed,
    // and are only allocated by a client that reads ids (30,000 clients that do not, keep none).
    private const int InitialBytes = 512;

    private byte[] _pending = [];
    private byte[] _committed = [];
    private int _pendingLength = -1, _committedLength = -1;

    /// <summary>The id to send on the next connection, or null before the first event.</summary>
    public string? Value => _committedLength < 0 ? null : Encoding.UTF8.GetString(_committed, 0, _committedLength);

    /// <summary>An id line's value (after "id: ") was read.</summary>
    public void Pending(ReadOnlySpan<byte> id)
    {
        if (id.Length > _pending.Length)
        {
            _pending = new byte[Math.Max(id.Length, Math.Max(InitialBytes, _pending.Length * 2))];
        }
        id.CopyTo(_pending);
        _pendingLength = id.Length;
    }

    /// <summary>The data line of the frame was counted: its id is the one to resume from.</summary>
    public void Commit()
    {
        if (_pendingLength < 0)
        {
            return;
        }
        (_committed, _pending) = (_pending, _committed);
        _committedLength = _pendingLength;
        _pendingLength = -1;
    }

    /// <summary>The connection ended inside a frame: forget its id.</summary>
    public void DropPending() => _pendingLength = -1;
}
