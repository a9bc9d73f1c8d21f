using System.Buffers;
using System.Text;
using System.Text.Unicode;
using System.Text.Json;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.Events;

/// <summary>
/// Turns one Kafka message value into the compact JSON a client receives, with
/// meta.topic, meta.partition, meta.offset (and meta.key when the message has a key) set.
/// It runs once per event in the cluster; every connection shares its output.
/// Existing meta keys keep their positions; the four fields overwrite in place or are
/// appended, as the original's deserializer does. Number text is copied as produced.
/// Redaction (<see cref="PageRedactor"/>) happens here too, once per event: only an event whose
/// meta.domain is a configured wiki leaves the streaming path for a second, slower pass.
/// </summary>
public sealed class EventDecoder(PageRedactor redactor)
{
    // Events are small JSON objects; the original refuses nothing by depth, but a bound keeps a hostile message cheap.
    internal const int MaxJsonDepth = 128;

    internal static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = MaxJsonDepth };

    /// <summary>A decoder that redacts nothing.</summary>
    public EventDecoder() : this(PageRedactor.None)
    {
    }

    /// <summary>A decoder of one partition's messages, for the consumer or reader of that partition.</summary>
    public PartitionDecoder ForPartition(string topic, int partition, ILogger logger, TimeProvider time) =>
        new(this, new PartitionName(topic, partition), logger, time);

    /// <inheritdoc cref="TryDecode(ReadOnlySpan{byte}, PartitionName, long, byte[])"/>
    public byte[]? TryDecode(ReadOnlySpan<byte> value, string topic, int partition, long offset, byte[]? key) =>
        TryDecode(value, new PartitionName(topic, partition), offset, key);

    /// <summary>
    /// Returns null when the value is not a JSON object (the event is then skipped). Bytes that are
    /// not UTF-8 become U+FFFD (one per maximal invalid sequence, as Node's Buffer decoding in the
    /// original did), so clients always get valid UTF-8 JSON; such events are counted.
    /// </summary>
    public byte[]? TryDecode(ReadOnlySpan<byte> value, PartitionName source, long offset, byte[]? key)
    {
        // One vectorised pass over a valid message; only a bad one pays for the repair.
        var repaired = false;
        if (!Utf8.IsValid(value))
        {
            value = Repaired(value);
            repaired = true;
        }
        if (key is not null && !Utf8.IsValid(key))
        {
            key = Repaired(key);
            repaired = true;
        }
        var decoded = Decode(value, source, offset, key);
        if (repaired && decoded is not null)
        {
            EventMetrics.InvalidUtf8.WithLabels(source.Topic, source.PartitionLabel).Inc();
        }
        return decoded;
    }

    private static byte[] Repaired(ReadOnlySpan<byte> utf8) => Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(utf8));

    private const int MetaFieldsBytes = 96;

    private byte[]? Decode(ReadOnlySpan<byte> value, PartitionName source, long offset, byte[]? key)
    {
        // The output is the input plus the added meta fields: "topic", "partition", "offset",
        // "timestamp" and "key" with their values take 60–90 bytes for Wikimedia's topic names, so
        // 96 spare bytes avoid a second buffer (a copy) for almost every event.
        var buffer = new ArrayBufferWriter<byte>(value.Length + MetaFieldsBytes);
        try
        {
            var meta = new MetaFields(source, offset, key, redactor);
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
            var decoded = buffer.WrittenSpan.ToArray();
            return meta.RedactionCandidate ? redactor.Redact(decoded) : decoded;
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
            JsonCopy.PropertyName(ref reader, writer);
            reader.Read();
            JsonCopy.Value(ref reader, writer);
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
            var isDomain = meta.WatchesDomain && reader.ValueTextEquals("domain"u8);
            JsonCopy.PropertyName(ref reader, writer);
            reader.Read();
            if (isDomain)
            {
                meta.CheckDomain(ref reader);
            }
            JsonCopy.Value(ref reader, writer);
        }
        meta.WriteMissing(writer);
        writer.WriteEndObject();
    }

    /// <summary>The fields the service adds to meta, which of them are already written, and whether meta.domain is redacted.</summary>
    private sealed class MetaFields(PartitionName source, long offset, byte[]? key, PageRedactor redactor)
    {
        private bool _topic, _partition, _offset, _key;

        public bool WatchesDomain { get; } = redactor.Enabled;

        public bool RedactionCandidate { get; private set; }

        public void CheckDomain(ref Utf8JsonReader reader) => RedactionCandidate |= redactor.IsRedactedDomain(ref reader);

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
            writer.WriteString(source.TopicUtf8, isName: false);
        }

        private void WritePartition(JsJsonWriter writer)
        {
            writer.WritePropertyName("partition"u8);
            writer.WriteNumber(source.Partition);
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
