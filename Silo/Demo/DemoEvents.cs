using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace EventStreams.Silo.Demo;

/// <summary>Synthetic MediaWiki-style events in the shapes of recentchange, page-create and revision-create.</summary>
internal sealed class DemoEvents(Random random)
{
    private static readonly (string Domain, string Wiki)[] Wikis =
    [
        ("en.wikipedia.org", "enwiki"), ("de.wikipedia.org", "dewiki"), ("fr.wikipedia.org", "frwiki"),
        ("www.wikidata.org", "wikidatawiki"), ("commons.wikimedia.org", "commonswiki"), ("ru.wikipedia.org", "ruwiki"),
    ];
    private static readonly string[] Titles = ["Albert Einstein", "Łódź", "Kyoto", "Ada Lovelace", "São Paulo", "Москва", "Coral reef", "Photosynthesis", "Jazz", "Mount Kilimanjaro"];
    private static readonly string[] Users = ["ExampleEditor", "WikiGnome42", "Bibliothécaire", "ClueBot NG", "203.0.113.7"];
    private static readonly string[] Comments = ["copyedit", "/* History */ expand", "Reverted edits by 203.0.113.7", "add reference", "typo"];
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private long _revision = 1_200_000_000;
    private long _rcid = 1_800_000_000;

    public byte[] RecentChange(string topic, DateTimeOffset now)
    {
        var (domain, wiki) = PickWiki();
        var title = Pick(Titles);
        var user = Pick(Users);
        var revision = ++_revision;
        return Write(w =>
        {
            w.WriteString("$schema", "/mediawiki/recentchange/1.0.0");
            WriteMeta(w, "mediawiki.recentchange", topic, domain, $"https://{domain}/wiki/{title.Replace(' ', '_')}", now);
            w.WriteNumber("id", ++_rcid);
            w.WriteString("type", "edit");
            w.WriteNumber("namespace", 0);
            w.WriteString("title", title);
            w.WriteString("title_url", $"https://{domain}/wiki/{title.Replace(' ', '_')}");
            w.WriteString("comment", Pick(Comments));
            w.WriteNumber("timestamp", now.ToUnixTimeSeconds());
            w.WriteString("user", user);
            w.WriteBoolean("bot", user.Contains("Bot", StringComparison.Ordinal));
            w.WriteBoolean("minor", random.Next(4) == 0);
            w.WriteStartObject("length");
            w.WriteNumber("old", random.Next(1000, 90000));
            w.WriteNumber("new", random.Next(1000, 90000));
            w.WriteEndObject();
            w.WriteStartObject("revision");
            w.WriteNumber("old", revision - 1);
            w.WriteNumber("new", revision);
            w.WriteEndObject();
            w.WriteString("server_url", $"https://{domain}");
            w.WriteString("server_name", domain);
            w.WriteString("server_script_path", "/w");
            w.WriteString("wiki", wiki);
        });
    }

    public byte[] RevisionCreate(string stream, string topic, DateTimeOffset now, bool newPage)
    {
        var (domain, wiki) = PickWiki();
        var title = Pick(Titles);
        var user = Pick(Users);
        var revision = ++_revision;
        return Write(w =>
        {
            w.WriteString("$schema", "/mediawiki/revision/create/2.0.0");
            WriteMeta(w, stream, topic, domain, $"https://{domain}/wiki/{title.Replace(' ', '_')}", now);
            w.WriteString("database", wiki);
            w.WriteNumber("page_id", random.Next(1, 70_000_000));
            w.WriteString("page_title", title.Replace(' ', '_'));
            w.WriteNumber("page_namespace", 0);
            w.WriteNumber("rev_id", revision);
            w.WriteString("rev_timestamp", now.ToString("yyyy-MM-ddTHH:mm:ssZ"));
            w.WriteString("rev_sha1", Convert.ToHexStringLower(BitConverter.GetBytes(revision)).PadRight(31, '0'));
            w.WriteBoolean("rev_minor_edit", false);
            w.WriteNumber("rev_len", random.Next(100, 90000));
            w.WriteString("rev_content_model", "wikitext");
            w.WriteString("rev_content_format", "text/x-wiki");
            w.WriteStartObject("performer");
            w.WriteString("user_text", user);
            w.WriteStartArray("user_groups");
            w.WriteStringValue("*");
            w.WriteStringValue("user");
            w.WriteEndArray();
            w.WriteBoolean("user_is_bot", false);
            w.WriteEndObject();
            w.WriteBoolean("page_is_redirect", false);
            w.WriteString("comment", newPage ? "Created page" : Pick(Comments));
            if (!newPage)
            {
                w.WriteNumber("rev_parent_id", revision - 1);
            }
        });
    }

    private static void WriteMeta(Utf8JsonWriter w, string stream, string topic, string domain, string uri, DateTimeOffset now)
    {
        w.WriteStartObject("meta");
        w.WriteString("uri", uri);
        w.WriteString("request_id", Guid.NewGuid().ToString());
        w.WriteString("id", Guid.NewGuid().ToString());
        w.WriteString("dt", now.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"));
        w.WriteString("domain", domain);
        w.WriteString("stream", stream);
        w.WriteEndObject();
    }

    private (string Domain, string Wiki) PickWiki() => Pick(Wikis);

    private T Pick<T>(T[] items) => items[random.Next(items.Length)];

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartObject();
            body(w);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
