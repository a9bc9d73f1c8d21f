using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace EventStreams.DevBroker.Protocol;

/// <summary>
/// Builds one response frame in a pooled buffer. The first four bytes are reserved for the
/// size prefix, which <see cref="GetFrame"/> fills in once the body length is known.
/// </summary>
internal sealed class KafkaWriter : IDisposable
{
    private const int InitialCapacity = 4096;
    private const int SizePrefixLength = 4;

    /// <summary>A buffer grown beyond this by one big fetch is given back rather than kept per connection.</summary>
    private const int RetainedCapacityLimit = 4 * 1024 * 1024;

    private byte[] _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
    private int _length = SizePrefixLength;

    /// <summary>Bytes written after the size prefix.</summary>
    public int BodyLength => _length - SizePrefixLength;

    /// <summary>Discards everything written so the pooled buffer can serve the next response.</summary>
    public void Reset()
    {
        _length = SizePrefixLength;
        if (_buffer.Length > RetainedCapacityLimit)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = ArrayPool<byte>.Shared.Rent(InitialCapacity);
        }
    }

    public void WriteInt8(sbyte value) => Reserve(1)[0] = (byte)value;
    public void WriteBool(bool value) => Reserve(1)[0] = value ? (byte)1 : (byte)0;
    public void WriteInt16(short value) => BinaryPrimitives.WriteInt16BigEndian(Reserve(2), value);
    public void WriteInt16(ErrorCode value) => WriteInt16((short)value);
    public void WriteInt32(int value) => BinaryPrimitives.WriteInt32BigEndian(Reserve(4), value);
    public void WriteInt64(long value) => BinaryPrimitives.WriteInt64BigEndian(Reserve(8), value);

    public void WriteUuid(Guid value) => value.TryWriteBytes(Reserve(16), bigEndian: true, out _);

    public void WriteUnsignedVarInt(uint value)
    {
        while (value >= 0x80)
        {
            Reserve(1)[0] = (byte)(value | 0x80);
            value >>= 7;
        }

        Reserve(1)[0] = (byte)value;
    }

    public void WriteString(string value, bool flexible) => WriteNullableString(value, flexible);

    public void WriteNullableString(string? value, bool flexible)
    {
        if (value is null)
        {
            if (flexible)
            {
                WriteUnsignedVarInt(0);
            }
            else
            {
                WriteInt16(-1);
            }

            return;
        }

        var byteCount = Encoding.UTF8.GetByteCount(value);
        if (flexible)
        {
            WriteUnsignedVarInt((uint)byteCount + 1);
        }
        else
        {
            WriteInt16(checked((short)byteCount));
        }

        Encoding.UTF8.GetBytes(value, Reserve(byteCount));
    }

    /// <summary>Writes an array length; -1 means a null array.</summary>
    public void WriteArrayLength(int count, bool flexible)
    {
        if (flexible)
        {
            WriteUnsignedVarInt((uint)(count + 1));
        }
        else
        {
            WriteInt32(count);
        }
    }

    public void WriteInt32Array(ReadOnlySpan<int> values, bool flexible)
    {
        WriteArrayLength(values.Length, flexible);
        foreach (var value in values)
        {
            WriteInt32(value);
        }
    }

    /// <summary>Writes the length prefix of a bytes/records field; the caller then writes the payload.</summary>
    public void WriteBytesLength(int length, bool flexible)
    {
        if (flexible)
        {
            WriteUnsignedVarInt((uint)(length + 1));
        }
        else
        {
            WriteInt32(length);
        }
    }

    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary>Writes an empty tagged-field section (flexible versions only).</summary>
    public void EndStruct(bool flexible)
    {
        if (flexible)
        {
            WriteUnsignedVarInt(0);
        }
    }

    /// <summary>Returns the complete frame with its size prefix filled in.</summary>
    public ReadOnlyMemory<byte> GetFrame()
    {
        BinaryPrimitives.WriteInt32BigEndian(_buffer, BodyLength);
        return _buffer.AsMemory(0, _length);
    }

    public void Dispose()
    {
        var buffer = _buffer;
        _buffer = [];
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Grow(_length + count);
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }

    private void Grow(int required)
    {
        var newSize = Math.Max(required, _buffer.Length * 2);
        var bigger = ArrayPool<byte>.Shared.Rent(newSize);
        _buffer.AsSpan(0, _length).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = bigger;
    }
}
