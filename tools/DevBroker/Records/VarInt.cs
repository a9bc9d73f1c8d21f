namespace EventStreams.DevBroker.Records;

/// <summary>Zig-zag varints as used inside records (not the unsigned varints of the request framing).</summary>
internal static class VarInt
{
    private const int MaxVarLongBytes = 10;

    public static bool TryReadZigZag(ReadOnlySpan<byte> data, ref int position, out long value)
    {
        ulong raw = 0;
        for (var i = 0; i < MaxVarLongBytes; i++)
        {
            if (position >= data.Length)
            {
                value = 0;
                return false;
            }

            var b = data[position++];
            raw |= (ulong)(b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0)
            {
                value = (long)(raw >> 1) ^ -(long)(raw & 1);
                return true;
            }
        }

        value = 0;
        return false;
    }
}
