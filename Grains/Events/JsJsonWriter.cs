using System.Buffers;
using System.Buffers.Text;

namespace EventStreams.Grains.Events;

/// <summary>
/// A minimal compact JSON writer whose string escaping matches JavaScript's JSON.stringify:
/// only '"', '\' and control characters are escaped; non-ASCII and '/' are written raw.
/// System.Text.Json's encoders always escape characters outside the BMP (emoji), so they
/// cannot give byte-identical output to the original service; hence our own writer.
/// </summary>
internal sealed class JsJsonWriter(IBufferWriter<byte> output)
{
    private static readonly SearchValues<byte> NeedsEscape = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

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
        WriteBytes(escaped);
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
        while (!utf8.IsEmpty)
        {
            var i = utf8.IndexOfAny(NeedsEscape);
            if (i < 0)
            {
                WriteBytes(utf8);
                break;
            }
            WriteBytes(utf8[..i]);
            WriteEscaped(utf8[i]);
            utf8 = utf8[(i + 1)..];
        }
        WriteByte((byte)'"');
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
