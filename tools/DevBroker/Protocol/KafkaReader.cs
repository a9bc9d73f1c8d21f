using System.Buffers.Binary;
using System.Text;

namespace EventStreams.DevBroker.Protocol;

/// <summary>
/// Reads Kafka wire primitives (big-endian integers, varints, classic and compact strings/arrays)
/// from a request body. A ref struct so decoding allocates nothing beyond the strings it returns.
/// </summary>
internal ref struct KafkaReader(ReadOnlySpan<byte> buffer)
{
    private readonly ReadOnlySpan<byte> _buffer = buffer;
    private int _position;

    public readonly int Position => _position;
    public readonly int Remaining => _buffer.Length - _position;

    public sbyte ReadInt8() => (sbyte)Take(1)[0];
    public bool ReadBool() => Take(1)[0] != 0;
    public short ReadInt16() => BinaryPrimitives.ReadInt16BigEndian(Take(2));
    public int ReadInt32() => BinaryPrimitives.ReadInt32BigEndian(Take(4));
    public long ReadInt64() => BinaryPrimitives.ReadInt64BigEndian(Take(8));

    public Guid ReadUuid() => new(Take(16), bigEndian: true);

    public uint ReadUnsignedVarInt()
    {
        uint result = 0;
        for (var shift = 0; shift < 35; shift += 7)
        {
            var b = Take(1)[0];
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return result;
            }
        }

        throw new ProtocolException("Unsigned varint is longer than 5 bytes.");
    }

    /// <summary>Reads a classic (int16-prefixed) or compact string that must not be null.</summary>
    public string ReadString(bool flexible) =>
        ReadNullableString(flexible) ?? throw new ProtocolException("Unexpected null string.");

    public string? ReadNullableString(bool flexible)
    {
        int length;
        if (flexible)
        {
            length = (int)ReadUnsignedVarInt() - 1;
        }
        else
        {
            length = ReadInt16();
        }

        if (length < 0)
        {
            return null;
        }

        return Encoding.UTF8.GetString(Take(length));
    }

    /// <summary>Returns the element count of an array, or -1 for a null array.</summary>
    public int ReadArrayLength(bool flexible)
    {
        var length = flexible ? (int)ReadUnsignedVarInt() - 1 : ReadInt32();
        if (length > Remaining)
        {
            // Every element takes at least one byte, so this bounds allocations on hostile input.
            throw new ProtocolException($"Array length {length} exceeds the remaining {Remaining} bytes.");
        }

        return length;
    }

    /// <summary>Reads nullable bytes (the "records" type); returns an empty span for null.</summary>
    public ReadOnlySpan<byte> ReadBytes(bool flexible)
    {
        var length = flexible ? (int)ReadUnsignedVarInt() - 1 : ReadInt32();
        return length < 0 ? [] : Take(length);
    }

    public int[] ReadInt32Array(bool flexible)
    {
        var count = ReadArrayLength(flexible);
        if (count <= 0)
        {
            return [];
        }

        var values = new int[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = ReadInt32();
        }

        return values;
    }

    /// <summary>Skips a tagged-field section; this broker understands no request tags.</summary>
    public void SkipTaggedFields()
    {
        var count = ReadUnsignedVarInt();
        for (var i = 0; i < count; i++)
        {
            ReadUnsignedVarInt();
            var size = (int)ReadUnsignedVarInt();
            Take(size);
        }
    }

    /// <summary>Skips tagged fields only when the version is flexible; keeps handlers short.</summary>
    public void EndStruct(bool flexible)
    {
        if (flexible)
        {
            SkipTaggedFields();
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count < 0 || count > Remaining)
        {
            throw new ProtocolException($"Request truncated: needed {count} bytes at {_position}, {Remaining} left.");
        }

        var span = _buffer.Slice(_position, count);
        _position += count;
        return span;
    }
}
