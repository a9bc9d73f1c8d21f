using System.Buffers;
using System.Buffers.Text;

namespace EventStreams.Grains.Events;

/// <summary>
/// A minimal compact JSON writer whose string escaping matches JavaScript's JSON.stringify:
/// '"', '\' and control characters are escaped; other non-ASCII and '/' are written raw.
/// System.Text.Json's encoders always escape characters outside the BMP (emoji), so they
/// cannot give byte-identical output to the original service; hence our own writer.
/// One deliberate difference: U+2028, U+2029 and U+0085 are written as \u2028, \u2029 and
/// \u0085 (the same JSON value). Python's str.splitlines() breaks lines at them, so sseclient
/// (pywikibot up to 9) cut the data line and lost the event; and raw, they end a line of script.
/// Input must be valid UTF-8 (the decoder repairs it first).
/// </summary>
internal sealed class JsJsonWriter(IBufferWriter<byte> output)
{
    // The lead bytes of U+0085 (C2 85) and of U+2028/U+2029 (E2 80 A8/A9). Other characters that
    // start with them (« », °, NBSP; dashes, curly quotes) only cost a look at the next bytes.
    private const byte NextLineLead = 0xC2;
    private const byte LineSeparatorLead = 0xE2;

    // UTF-8 lengths of the characters those lead bytes start (C2: two bytes, E2: three).
    private const int NextLineLength = 2;
    private const int LineSeparatorLength = 3;

    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\', NextLineLead, LineSeparatorLead]);

    // In text that is already escaped JSON, only the line separators can still be raw.
    private static readonly SearchValues<byte> SeparatorLeads = SearchValues.Create([NextLineLead, LineSeparatorLead]);

    private static ReadOnlySpan<byte> Hex => "0123456789abcdef"u8;

    // True when the next value or property name must be preceded by a comma.
    private bool _needComma;

    public void WriteStartObject() => WriteStructural((byte)'{');

    public void WriteStartArray() => WriteStructural((byte)'[');

    public void WriteEndObject() => WriteEnd((byte)'}');

    public void WriteEndArray() => WriteEnd((byte)']');

    public void WritePropertyName(ReadOnlySpan<byte> utf8Name) => WriteString(utf8Name, isName: true);

    /// <summary>Writes an unescaped UTF-8 string as a property name or a string value.</summary>
    public void WriteString(ReadOnlySpan<byte> utf8, bool isName)
    {
        WriteCommaIfNeeded();
        WriteQuoted(utf8);
        EndString(isName);
    }

    /// <summary>Writes text that is already valid escaped JSON string content, unchanged.</summary>
    public void WriteEscapedString(ReadOnlySpan<byte> escaped, bool isName)
    {
        WriteCommaIfNeeded();
        WriteByte((byte)'"');
        WriteContent(escaped, SeparatorLeads);
        WriteByte((byte)'"');
        EndString(isName);
    }

    private void EndString(bool isName)
    {
        if (isName)
        {
            WriteByte((byte)':');
        }
        // After a name comes its value, with no comma; after a value, the next item needs one.
        _needComma = !isName;
    }

    /// <summary>A number, true, false or null, copied as the producer wrote it.</summary>
    public void WriteRawValue(ReadOnlySpan<byte> literal)
    {
        WriteCommaIfNeeded();
        WriteBytes(literal);
        _needComma = true;
    }

    public void WriteNumber(long value)
    {
        WriteCommaIfNeeded();
        var span = output.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        output.Advance(written);
        _needComma = true;
    }

    private void WriteStructural(byte open)
    {
        WriteCommaIfNeeded();
        WriteByte(open);
        _needComma = false;
    }

    private void WriteEnd(byte close)
    {
        WriteByte(close);
        _needComma = true;
    }

    private void WriteCommaIfNeeded()
    {
        if (_needComma)
        {
            WriteByte((byte)',');
        }
    }

    private void WriteQuoted(ReadOnlySpan<byte> utf8)
    {
        WriteByte((byte)'"');
        WriteContent(utf8, NeedsEscape);
        WriteByte((byte)'"');
    }

    /// <summary>
    /// Copies <paramref name="utf8"/>, escaping what must be escaped. The search stops at every byte of
    /// <paramref name="stops"/>; a character that only shares a line separator's lead byte (a dash, a
    /// quotation mark) is stepped over without writing, so raw text goes out in as few copies as possible.
    /// </summary>
    private void WriteContent(ReadOnlySpan<byte> utf8, SearchValues<byte> stops)
    {
        var searched = 0;
        while (true)
        {
            var i = utf8[searched..].IndexOfAny(stops);
            if (i < 0)
            {
                WriteBytes(utf8);
                return;
            }
            var at = searched + i;
            if (RawLength(utf8[at..]) is var raw and > 0)
            {
                searched = at + raw;
                continue;
            }
            WriteBytes(utf8[..at]);
            utf8 = utf8[(at + WriteEscapedAt(utf8[at..]))..];
            searched = 0;
        }
    }

    /// <summary>The length of the character at a stop when it stays raw (it only shares a separator's lead byte), else 0.</summary>
    private static int RawLength(ReadOnlySpan<byte> utf8) => utf8 switch
    {
        [NextLineLead, 0x85, ..] or [LineSeparatorLead, 0x80, 0xA8 or 0xA9, ..] => 0,
        [NextLineLead, ..] => Math.Min(NextLineLength, utf8.Length),
        [LineSeparatorLead, ..] => Math.Min(LineSeparatorLength, utf8.Length),
        _ => 0,
    };

    /// <summary>Writes the escape of the character that starts <paramref name="utf8"/>; returns the bytes it took.</summary>
    private int WriteEscapedAt(ReadOnlySpan<byte> utf8)
    {
        switch (utf8)
        {
            case [NextLineLead, ..]:
                WriteBytes("\\u0085"u8);
                return NextLineLength;
            case [LineSeparatorLead, _, 0xA8, ..]:
                WriteBytes("\\u2028"u8);
                return LineSeparatorLength;
            case [LineSeparatorLead, ..]:
                WriteBytes("\\u2029"u8);
                return LineSeparatorLength;
            default:
                WriteEscaped(utf8[0]);
                return 1;
        }
    }

    private void WriteEscaped(byte b)
    {
        switch (b)
        {
            case (byte)'"': WriteBytes("\\\""u8); break;
            case (byte)'\\': WriteBytes("\\\\"u8); break;
            case (byte)'\b': WriteBytes("\\b"u8); break;
            case (byte)'\f': WriteBytes("\\f"u8); break;
            case (byte)'\n': WriteBytes("\\n"u8); break;
            case (byte)'\r': WriteBytes("\\r"u8); break;
            case (byte)'\t': WriteBytes("\\t"u8); break;
            default:
                var span = output.GetSpan(6);
                "\\u00"u8.CopyTo(span);
                span[4] = Hex[b >> 4];
                span[5] = Hex[b & 0xF];
                output.Advance(6);
                break;
        }
    }

    private void WriteByte(byte b)
    {
        output.GetSpan(1)[0] = b;
        output.Advance(1);
    }

    private void WriteBytes(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(output.GetSpan(bytes.Length));
        output.Advance(bytes.Length);
    }
}
