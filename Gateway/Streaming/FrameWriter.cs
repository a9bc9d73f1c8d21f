using System.Buffers;
using System.IO.Pipelines;

namespace EventStreams.Gateway.Streaming;

/// <summary>
/// Writes frames straight into the response pipe from shared, pre-encoded pieces.
/// We write SSE frames ourselves instead of using System.Net.ServerSentEvents: its formatter
/// serializes each item per connection and knows nothing of our shared id entries, while here
/// each frame is a handful of memory copies and no allocation.
/// </summary>
internal static class FrameWriter
{
    public static ReadOnlySpan<byte> SsePreamble => ":ok\n\n"u8;

    public static ReadOnlySpan<byte> NdjsonPreamble => "\n"u8;

    /// <summary>A comment line: EventSource ignores it, proxies see traffic on an idle stream.</summary>
    public static ReadOnlySpan<byte> Heartbeat => ": heartbeat\n\n"u8;

    /// <summary>
    /// event: message / id: [entries] / data: json, then a blank line. One GetSpan and one Advance
    /// per frame: the frame is a few block copies into the pipe's buffer.
    /// </summary>
    public static void WriteSse(PipeWriter writer, ReadOnlySpan<byte> eventName, byte[][] idEntries, ReadOnlySpan<byte> data)
    {
        var length = "event: "u8.Length + eventName.Length + "\nid: ["u8.Length + "]\ndata: "u8.Length + data.Length + 2 + idEntries.Length - 1;
        foreach (var entry in idEntries)
        {
            length += entry.Length;
        }
        var span = writer.GetSpan(length);
        var at = Put(span, 0, "event: "u8);
        at = Put(span, at, eventName);
        at = Put(span, at, "\nid: ["u8);
        for (var i = 0; i < idEntries.Length; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }
            at = Put(span, at, idEntries[i]);
        }
        at = Put(span, at, "]\ndata: "u8);
        // The data is compact JSON: it has no raw newline, so it is always one data: line.
        at = Put(span, at, data);
        span[at++] = (byte)'\n';
        span[at++] = (byte)'\n';
        writer.Advance(at);
    }

    private static int Put(Span<byte> destination, int at, ReadOnlySpan<byte> source)
    {
        source.CopyTo(destination[at..]);
        return at + source.Length;
    }

    /// <summary>One JSON object per line; NDJSON carries no ids.</summary>
    public static void WriteNdjson(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        var span = writer.GetSpan(data.Length + 1);
        data.CopyTo(span);
        span[data.Length] = (byte)'\n';
        writer.Advance(data.Length + 1);
    }
}
