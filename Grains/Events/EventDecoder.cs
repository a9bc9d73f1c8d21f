using System.Buffers;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.Events;

/// <summary>
/// Turns one Kafka message value into the compact JSON a client receives, with
/// meta.topic, meta.partition, meta.offset (and meta.key when the message has a key) set.
/// It runs once per event in the cluster; every connection shares its output.
/// Existing meta keys keep their positions; the four fields overwrite in place or are
/// appended, as the original's deserializer does. Number text is copied as produced.
/// </summary>
public sealed class EventDecoder
{
    // Events are small JSON objects; the original refuses nothing by depth, but a bound keeps a hostile message cheap.
    private const int MaxJsonDepth = 128;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxJsonDepth };

    /// <summary>Decodes a consumed message, or logs and returns null when it is not a JSON object.</summary>
    public EncodedEvent? Decode(ConsumeResult<byte[]?, byte[]?> result, ILogger logger)
    {
        var offset = result.Offset.Value;
        var data = result.Message.Value is { } value ? TryDecode(value, result.Topic, result.Partition.Value, offset, result.Message.Key) : null;
        if (data is null)
        {
            logger.LogWarning("Skipped {Topic}/{Partition} offset {Offset}: the message is not a JSON object", result.Topic, result.Partition.Value, offset);
            return null;
        }
        return new EncodedEvent(offset, result.Message.Timestamp.UnixTimestampMs, data);
    }

    /// <summary>Returns null when the value is not a JSON object (the event is then skipped).</summary>
    public byte[]? TryDecode(ReadOnlySpan<byte> value, string topic, int partition, long offset, byte[]? key)
    {
        var buffer = new ArrayBufferWriter<byte>(value.Length + 96);
        try
        {
            var meta = new MetaFields(topic, partition, offset, key);
            var reader = new Utf8JsonReader(value, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }
            var writer = new JsJsonWriter(buffer);
            CopyTopLevelObject(ref reader, writer, meta);
            if (reader.Read())
            {
                return null; // trailing content after the object
            }
            return buffer.WrittenSpan.ToArray();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void CopyTopLevelObject(ref Utf8JsonReader reader, JsJsonWriter writer, MetaFields meta)
    {
        writer.WriteStartObject();
        var metaWritten = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!metaWritten && reader.ValueTextEquals("meta"u8))
            {
                reader.Read();
                writer.WritePropertyName("meta"u8);
                if (reader.TokenType == JsonTokenType.StartObject)
                {
                    CopyMetaObject(ref reader, writer, meta);
                }
                else
                {
                    // A non-object meta cannot carry fields; replace it with one that does.
                    reader.Skip();
                    writer.WriteStartObject();
                    meta.WriteMissing(writer);
                    writer.WriteEndObject();
                }
                metaWritten = true;
                continue;
            }
            CopyPropertyName(ref reader, writer);
            reader.Read();
            CopyValue(ref reader, writer);
        }
        if (!metaWritten)
        {
            writer.WritePropertyName("meta"u8);
            writer.WriteStartObject();
            meta.WriteMissing(writer);
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void CopyMetaObject(ref Utf8JsonReader reader, JsJsonWriter writer, MetaFields meta)
    {
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (meta.TryWriteInPlace(ref reader, writer))
            {
                reader.Read();
                reader.Skip();
                continue;
            }
            CopyPropertyName(ref reader, writer);
            reader.Read();
            CopyValue(ref reader, writer);
        }
        meta.WriteMissing(writer);
        writer.WriteEndObject();
    }

    /// <summary>Copies the value the reader is positioned on, including any nested content.</summary>
    internal static void CopyValue(ref Utf8JsonReader reader, JsJsonWriter writer)
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
                case JsonTokenType.PropertyName: CopyPropertyName(ref reader, writer); break;
                case JsonTokenType.String: CopyString(ref reader, writer, isName: false); break;
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

    private static void CopyPropertyName(ref Utf8JsonReader reader, JsJsonWriter writer) => CopyString(ref reader, writer, isName: true);

    private static void CopyString(ref Utf8JsonReader reader, JsJsonWriter writer, bool isName)
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

    /// <summary>The fields the service adds to meta, and which of them are already written.</summary>
    private sealed class MetaFields(string topic, int partition, long offset, byte[]? key)
    {
        private bool _topic, _partition, _offset, _key;

        public bool TryWriteInPlace(ref Utf8JsonReader reader, JsJsonWriter writer)
        {
            if (!_topic && reader.ValueTextEquals("topic"u8)) { _topic = true; WriteTopic(writer); return true; }
            if (!_partition && reader.ValueTextEquals("partition"u8)) { _partition = true; WritePartition(writer); return true; }
            if (!_offset && reader.ValueTextEquals("offset"u8)) { _offset = true; WriteOffset(writer); return true; }
            if (key is not null && !_key && reader.ValueTextEquals("key"u8)) { _key = true; WriteKey(writer); return true; }
            return false;
        }

        public void WriteMissing(JsJsonWriter writer)
        {
            if (!_topic) { WriteTopic(writer); }
            if (!_partition) { WritePartition(writer); }
            if (!_offset) { WriteOffset(writer); }
            if (key is not null && !_key) { WriteKey(writer); }
        }

        private void WriteTopic(JsJsonWriter writer)
        {
            writer.WritePropertyName("topic"u8);
            writer.WriteString(Encoding.UTF8.GetBytes(topic), isName: false);
        }

        private void WritePartition(JsJsonWriter writer)
        {
            writer.WritePropertyName("partition"u8);
            writer.WriteNumber(partition);
        }

        private void WriteOffset(JsJsonWriter writer)
        {
            writer.WritePropertyName("offset"u8);
            writer.WriteNumber(offset);
        }

        private void WriteKey(JsJsonWriter writer)
        {
            writer.WritePropertyName("key"u8);
            KeyEncoding.Write(key!, writer);
        }
    }
}
