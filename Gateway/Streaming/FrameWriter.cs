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

    private static ReadOnlySpan<byte> EventAndIdStart => "event: message\nid: ["u8;

    private static ReadOnlySpan<byte> IdEndDataStart => "]\ndata: "u8;

    private static ReadOnlySpan<byte> FrameEnd => "\n\n"u8;

    /// <summary>event: message / id: [entries] / data: json, then a blank line.</summary>
    public static void WriteSse(PipeWriter writer, byte[][] idEntries, byte[] data)
    {
        writer.Write(EventAndIdStart);
        for (var i = 0; i < idEntries.Length; i++)
        {
            if (i > 0)
            {
                writer.Write(","u8);
            }
            writer.Write(idEntries[i]);
        }
        writer.Write(IdEndDataStart);
        // The data is compact JSON: it has no raw newline, so it is always one data: line.
        writer.Write(data);
        writer.Write(FrameEnd);
    }

    /// <summary>One JSON object per line; NDJSON carries no ids.</summary>
    public static void WriteNdjson(PipeWriter writer, byte[] data)
    {
        writer.Write(data);
        writer.Write("\n"u8);
    }
}
