using System.Buffers;
using System.Text.Json;

namespace EventStreams.Grains.Events;

/// <summary>
/// Copies JSON from a reader to a <see cref="JsJsonWriter"/> token by token, keeping the
/// producer's number text and escaping strings as JSON.stringify. Used by the decoder, the
/// redactor and the key encoding, none of which call back into each other for it.
/// </summary>
internal static class JsonCopy
{
    /// <summary>Copies the value the reader is positioned on, including any nested content.</summary>
    public static void Value(ref Utf8JsonReader reader, JsJsonWriter writer)
    {
        var depth = reader.CurrentDepth;
        while (true)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject: writer.WriteStartObject(); break;
                case JsonTokenType.EndObject: writer.WriteEndObject(); break;
                case JsonTokenType.StartArray: writer.WriteStartArray(); break;
                case JsonTokenType.EndArray: writer.WriteEndArray(); break;
                case JsonTokenType.PropertyName: PropertyName(ref reader, writer); break;
                case JsonTokenType.String: String(ref reader, writer, isName: false); break;
                default: writer.WriteRawValue(reader.ValueSpan); break; // number, true, false, null
            }
            // Done after a scalar at the starting depth, or after the container's closing token.
            if (reader.CurrentDepth == depth && reader.TokenType is not (JsonTokenType.StartObject or JsonTokenType.StartArray))
            {
                return;
            }
            reader.Read();
        }
    }

    public static void PropertyName(ref Utf8JsonReader reader, JsJsonWriter writer) => String(ref reader, writer, isName: true);

    private static void String(ref Utf8JsonReader reader, JsJsonWriter writer, bool isName)
    {
        if (!reader.ValueIsEscaped)
        {
            writer.WriteString(reader.ValueSpan, isName);
            return;
        }
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            writer.WriteString(rented.AsSpan(0, reader.CopyString(rented)), isName);
        }
        catch (InvalidOperationException)
        {
            // A lone surrogate escape (\ud800) has no UTF-8 form: keep the producer's escaped text, which is valid JSON.
            writer.WriteEscapedString(reader.ValueSpan, isName);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }
}
