using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// The per-partition entries of an SSE id. An id is the JSON array of one entry per
/// partition the connection reads, in assignment order; entries are encoded once per event
/// per node and only concatenated per connection.
/// </summary>
internal static class IdEntries
{
    /// <summary>The entry of a partition that has delivered nothing yet on a live-tail connection.</summary>
    public static byte[] Latest(string topic, int partition) =>
        Encoding.UTF8.GetBytes($"{{\"topic\":{JsonSerializer.Serialize(topic)},\"partition\":{partition},\"offset\":-1}}");

    /// <summary>The fixed part of every entry of a partition: {"topic":"t","partition":p,"timestamp":</summary>
    public static byte[] TimestampPrefix(string topic, int partition) =>
        Encoding.UTF8.GetBytes($"{{\"topic\":{JsonSerializer.Serialize(topic)},\"partition\":{partition},\"timestamp\":");

    /// <summary>
    /// The entry after a delivered message: its timestamp + 1, as the original, so a resume does
    /// not deliver that message again.
    /// </summary>
    public static byte[] AfterMessage(byte[] prefix, long timestamp)
    {
        Span<byte> digits = stackalloc byte[20];
        Utf8Formatter.TryFormat(timestamp + 1, digits, out var length);
        var entry = new byte[prefix.Length + length + 1];
        prefix.CopyTo(entry, 0);
        digits[..length].CopyTo(entry.AsSpan(prefix.Length));
        entry[^1] = (byte)'}';
        return entry;
    }
}
