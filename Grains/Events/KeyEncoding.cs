using System.Text.Json;

namespace EventStreams.Grains.Events;

/// <summary>
/// How a Kafka message key appears as meta.key: a key that is JSON (MediaWiki keys are JSON
/// objects) is embedded as that JSON value; any other key becomes a string.
/// The original most likely printed node's Buffer form ({"type":"Buffer","data":[...]}),
/// which no client can use; we deliberately do not copy that.
/// </summary>
internal static class KeyEncoding
{
    public static void Write(byte[] key, JsJsonWriter writer)
    {
        if (IsSingleJsonValue(key))
        {
            var reader = new Utf8JsonReader(key);
            reader.Read();
            JsonCopy.Value(ref reader, writer);
            return;
        }
        writer.WriteString(key, isName: false); // the decoder has made it valid UTF-8 already

    }

    private static bool IsSingleJsonValue(byte[] key)
    {
        if (key.Length == 0)
        {
            return false;
        }
        try
        {
            var reader = new Utf8JsonReader(key);
            return reader.Read() && reader.TrySkip() && !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
