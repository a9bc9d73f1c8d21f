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

    /// <summary>An SSE comment line: ": text" and a blank line. Line breaks in the text become spaces (a comment is one line).</summary>
    public static byte[] Comment(string text) =>
        System.Text.Encoding.UTF8.GetBytes($": {text.ReplaceLineEndings(" ")}\n\n");

    /// <summary>
    /// A position: a comment, then "id: [entries]" and a blank line, with no data. Per the SSE
    /// processing model EventSource sets its last event id from it and dispatches nothing.
    /// </summary>
    public static void WritePosition(PipeWriter writer, byte[][] idEntries)
    {
        var length = ": position\nid: [".Length + OtherEntriesLength(idEntries, -1) + Math.Max(0, idEntries.Length - 1) + "]\n\n".Length;
        var span = writer.GetSpan(length);
        var at = Put(span, 0, ": position\nid: ["u8);
        at = PutEntries(span, at, idEntries);
        at = Put(span, at, "]\n\n"u8);
        writer.Advance(at);
    }

    private static int PutEntries(Span<byte> span, int at, byte[][] idEntries)
    {
        for (var i = 0; i < idEntries.Length; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }
            at = Put(span, at, idEntries[i]);
        }
        return at;
    }

    /// <summary>event: message / id: [entries] / data: json, then a blank line.</summary>
    public static void WriteSse(PipeWriter writer, ReadOnlySpan<byte> eventName, byte[][] idEntries, ReadOnlySpan<byte> data)
    {
        var length = SseLength(eventName.Length, idEntries, data.Length);
        writer.Advance(PutSse(writer.GetSpan(length), eventName, idEntries, data));
    }

    /// <summary>The bytes of the id entries other than entry <paramref name="except"/>.</summary>
    public static int OtherEntriesLength(byte[][] idEntries, int except)
    {
        var length = 0;
        for (var i = 0; i < idEntries.Length; i++)
        {
            if (i != except)
            {
                length += idEntries[i].Length;
            }
        }
        return length;
    }

    /// <summary>The length of a message frame whose own partition's entry is <paramref name="ownEntryLength"/> bytes.</summary>
    public static int SseMessageLength(int otherEntriesLength, int entryCount, int ownEntryLength, int dataLength) =>
        FixedSseLength("message".Length, entryCount) + otherEntriesLength + ownEntryLength + dataLength;

    /// <summary>Lays a frame out in <paramref name="span"/> (which must be large enough) and returns its length.</summary>
    public static int PutSse(Span<byte> span, ReadOnlySpan<byte> eventName, byte[][] idEntries, ReadOnlySpan<byte> data) =>
        PutSse(span, eventName, idEntries, -1, default, default, data);

    /// <summary>
    /// A message frame whose entry <paramref name="own"/> is given as a prefix and a suffix instead
    /// of <paramref name="idEntries"/>[own]: a frame read from history carries its entry without
    /// allocating one per event.
    /// </summary>
    public static int PutSse(Span<byte> span, ReadOnlySpan<byte> eventName, byte[][] idEntries,
        int own, ReadOnlySpan<byte> ownPrefix, ReadOnlySpan<byte> ownSuffix, ReadOnlySpan<byte> data)
    {
        var at = Put(span, 0, "event: "u8);
        at = Put(span, at, eventName);
        at = Put(span, at, "\nid: ["u8);
        for (var i = 0; i < idEntries.Length; i++)
        {
            if (i > 0)
            {
                span[at++] = (byte)',';
            }
            if (i == own)
            {
                at = Put(span, at, ownPrefix);
                at = Put(span, at, ownSuffix);
            }
            else
            {
                at = Put(span, at, idEntries[i]);
            }
        }
        at = Put(span, at, "]\ndata: "u8);
        // The data is compact JSON: it has no raw newline, so it is always one data: line.
        at = Put(span, at, data);
        span[at++] = (byte)'\n';
        span[at++] = (byte)'\n';
        return at;
    }

    public static int PutNdjson(Span<byte> span, ReadOnlySpan<byte> data)
    {
        data.CopyTo(span);
        span[data.Length] = (byte)'\n';
        return data.Length + 1;
    }

    private static int SseLength(int eventNameLength, byte[][] idEntries, int dataLength) =>
        FixedSseLength(eventNameLength, idEntries.Length) + OtherEntriesLength(idEntries, -1) + dataLength;

    // "event: " name "\nid: [" entries with commas "]\ndata: " data "\n\n"
    private static int FixedSseLength(int eventNameLength, int entryCount) =>
        "event: ".Length + eventNameLength + "\nid: [".Length + Math.Max(0, entryCount - 1) + "]\ndata: ".Length + 2;

    private static int Put(Span<byte> destination, int at, ReadOnlySpan<byte> source)
    {
        source.CopyTo(destination[at..]);
        return at + source.Length;
    }

    /// <summary>One JSON object per line; NDJSON carries no ids.</summary>
    public static void WriteNdjson(PipeWriter writer, ReadOnlySpan<byte> data) =>
        writer.Advance(PutNdjson(writer.GetSpan(data.Length + 1), data));
}
