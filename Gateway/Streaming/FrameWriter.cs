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

    /// <summary>event: message / id: [entries] / data: json, then a blank line.</summary>
    public static void WriteSse(PipeWriter writer, ReadOnlySpan<byte> eventName, byte[][] idEntries, ReadOnlySpan<byte> data)
    {
        writer.Write("event: "u8);
        writer.Write(eventName);
        writer.Write("\nid: ["u8);
        for (var i = 0; i < idEntries.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }
            writer.Write(idEntries[i]);
        }
        writer.Write("]\ndata: "u8);
        // The data is compact JSON: it has no raw newline, so it is always one data: line.
        writer.Write(data);
        writer.Write("\n\n"u8);
    }

    /// <summary>One JSON object per line; NDJSON carries no ids.</summary>
    public static void WriteNdjson(PipeWriter writer, ReadOnlySpan<byte> data)
    {
        writer.Write(data);
        writer.Write("\n"u8);
    }
}
