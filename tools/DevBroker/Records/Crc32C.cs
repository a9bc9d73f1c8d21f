using System.Runtime.Intrinsics.X86;

namespace EventStreams.DevBroker.Records;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of Kafka record batches. Uses the SSE4.2 instruction when
/// the CPU has it (checking every produced batch must stay cheap) and a lookup table otherwise.
/// </summary>
internal static class Crc32C
{
    private const uint ReflectedPolynomial = 0x82F63B78;
    private static readonly uint[] Table = BuildTable();

    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        if (Sse42.X64.IsSupported)
        {
            ulong crc64 = crc;
            while (data.Length >= sizeof(ulong))
            {
                crc64 = Sse42.X64.Crc32(crc64, BitConverter.ToUInt64(data));
                data = data[sizeof(ulong)..];
            }

            crc = (uint)crc64;
            foreach (var b in data)
            {
                crc = Sse42.Crc32(crc, b);
            }
        }
        else
        {
            foreach (var b in data)
            {
                crc = Table[(crc ^ b) & 0xFF] ^ (crc >> 8);
            }
        }

        return crc ^ 0xFFFFFFFFu;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var value = i;
            for (var bit = 0; bit < 8; bit++)
            {
                value = (value & 1) != 0 ? (value >> 1) ^ ReflectedPolynomial : value >> 1;
            }

            table[i] = value;
        }

        return table;
    }
}
