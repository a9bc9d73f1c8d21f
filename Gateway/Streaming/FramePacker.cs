using System.IO.Pipelines;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// Packs a connection's frames into the response pipe several per GetMemory/Advance, for live and
/// catch-up frames alike: Kestrel takes a lock on every Advance, and per event that lock was the top
/// item of the P1 profile (9.5 % of the service's CPU). Each block asked for stays within one of
/// Kestrel's pooled 4 KB blocks: asking for one large span made Kestrel allocate, and GC plus page
/// faults cost more than the lock saved. One per connection, reused; nothing may write to the pipe
/// between <see cref="Reserve"/> and <see cref="Commit"/>.
/// </summary>
internal sealed class FramePacker
{
    // Under Kestrel's 4 KB pooled block, less the chunk header.
    public const int BlockBytes = 4000;

    private PipeWriter? _writer;
    private Memory<byte> _memory;
    private int _packed;

    public void Start(PipeWriter writer) => (_writer, _memory, _packed) = (writer, default, 0);

    /// <summary>Whether a frame of <paramref name="length"/> bytes still fits the block being packed.</summary>
    public bool Fits(int length) => _memory.Length - _packed >= length;

    /// <summary>Room for a frame of <paramref name="length"/> bytes; commits the block first when it does not fit.</summary>
    public Span<byte> Reserve(int length)
    {
        if (!Fits(length))
        {
            Commit();
            _memory = _writer!.GetMemory(Math.Max(length, BlockBytes));
        }
        return _memory.Span[_packed..];
    }

    public void Wrote(int length) => _packed += length;

    /// <summary>Hands what was packed to the pipe (before any flush or other write).</summary>
    public void Commit()
    {
        if (_packed > 0)
        {
            _writer!.Advance(_packed);
        }
        (_memory, _packed) = (default, 0);
    }
}
