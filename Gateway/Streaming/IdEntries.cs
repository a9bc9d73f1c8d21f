using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The per-partition entries of an SSE id. An id is the JSON array of one entry per
/// partition the connection reads, in assignment order; live entries are encoded once per
/// event per node and only concatenated per connection.
/// </summary>
internal static class IdEntries
{
    /// <summary>
    /// The entry of a partition that has delivered nothing yet on a live connection: the offset it
    /// will deliver next, so a resume covers everything produced there since the client connected.
    /// With the timestamp of the message before it, the entry is exactly the one that message would
    /// have left ({"timestamp":ts+1,"offset":N}): a resume in this cluster is exact, and in another
    /// cluster (other offsets) it falls back to that timestamp. Without one (an empty partition):
    /// {"topic":…,"partition":…,"offset":N}.
    /// </summary>
    public static byte[] Position(string topic, int partition, long offset, long? previousTimestamp) =>
        previousTimestamp is { } timestamp
            ? AfterMessage(TimestampPrefix(topic, partition), timestamp, offset - 1)
            : Encoding.UTF8.GetBytes($"{{\"topic\":{Quote(topic)},\"partition\":{partition},\"offset\":{offset}}}");

    /// <summary>The entry of a partition started at a looked-up offset, in node-rdkafka's key order.</summary>
    public static byte[] Resolved(string topic, int partition, long offset) =>
        Encoding.UTF8.GetBytes($"{{\"offset\":{offset},\"partition\":{partition},\"topic\":{Quote(topic)}}}");

    /// <summary>The fixed part of every entry of a partition: {"topic":"t","partition":p,"timestamp":</summary>
    public static byte[] TimestampPrefix(string topic, int partition) =>
        Encoding.UTF8.GetBytes($"{{\"topic\":{Quote(topic)},\"partition\":{partition},\"timestamp\":");

    /// <summary>
    /// The entry after a delivered message: its timestamp + 1, as the original, so a resume by
    /// timestamp does not deliver that message again; and its offset + 1, so a resume in the same
    /// cluster is exact even when several messages share a millisecond.
    /// </summary>
    public static byte[] AfterMessage(byte[] prefix, long timestamp, long offset)
    {
        Span<byte> suffix = stackalloc byte[MaxSuffixLength];
        var length = PutAfterMessageSuffix(suffix, timestamp, offset);
        var entry = new byte[prefix.Length + length];
        prefix.CopyTo(entry, 0);
        suffix[..length].CopyTo(entry.AsSpan(prefix.Length));
        return entry;
    }

    /// <summary>The longest suffix: two 20-character longs, ",\"offset\":" and "}".</summary>
    public const int MaxSuffixLength = 64;

    /// <summary>
    /// Writes what follows the partition's prefix in <see cref="AfterMessage"/> ("ts+1,\"offset\":o+1}")
    /// and returns its length: a frame can carry the entry without allocating one.
    /// </summary>
    public static int PutAfterMessageSuffix(Span<byte> destination, long timestamp, long offset)
    {
        Utf8Formatter.TryFormat(timestamp + 1, destination, out var length);
        ",\"offset\":"u8.CopyTo(destination[length..]);
        length += 10;
        Utf8Formatter.TryFormat(offset + 1, destination[length..], out var offsetLength);
        length += offsetLength;
        destination[length++] = (byte)'}';
        return length;
    }

    private static string Quote(string topic) => JsonSerializer.Serialize(topic);
}
