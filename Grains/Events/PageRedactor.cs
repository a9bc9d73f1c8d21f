using System.Buffers;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Events;

/// <summary>
/// Removes the user of edits to configured pages (the original's makeMediaWikiRedactorDeserializer,
/// T354456). It runs once per event, inside <see cref="EventDecoder"/>, so every client gets the
/// same redacted bytes. The decoder only hands over events whose meta.domain is configured;
/// every other event stays on the streaming fast path.
/// The branches, in order, first match wins:
/// 1. meta.stream mediawiki.page_change.v1 and page.page_title listed: performer becomes {}
///    (the schema requires it), revision.editor and prior_state.revision.editor are removed.
/// 2. meta.stream mediawiki.recentchange and title listed: user is removed.
/// 3. page_title or page.page_title listed: performer is removed.
/// Deliberate difference: the original drops a matching page_change event that has no revision
/// (deleting revision.editor throws); here what is there is redacted and the event is kept.
/// The original logs per client (with ClientIp, UserAgent, Referrer); here it logs once per event.
/// </summary>
public sealed class PageRedactor
{
    private const string PageChangeStream = "mediawiki.page_change.v1";
    private const string RecentChangeStream = "mediawiki.recentchange";

    private static readonly byte[] Performer = "performer"u8.ToArray();
    private static readonly byte[] Revision = "revision"u8.ToArray();
    private static readonly byte[] PriorState = "prior_state"u8.ToArray();
    private static readonly byte[] Editor = "editor"u8.ToArray();
    private static readonly byte[] User = "user"u8.ToArray();

    // The decoder accepts this depth, so the second pass must too.
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = EventDecoder.MaxJsonDepth };

    private readonly Dictionary<string, HashSet<string>> _titles;
    private readonly byte[][] _domains;
    private readonly ILogger _logger;

    public PageRedactor(IOptions<RedactionOptions> options, ILogger<PageRedactor> logger)
    {
        _logger = logger;
        _titles = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var (domain, titles) in options.Value.Pages)
        {
            var normalized = titles.Select(PageTitles.Normalize).OfType<string>().ToHashSet(StringComparer.Ordinal);
            _titles[domain] = _titles.TryGetValue(domain, out var existing) ? [.. existing, .. normalized] : normalized;
        }
        _domains = [.. _titles.Keys.Select(Encoding.UTF8.GetBytes)];
    }

    /// <summary>Redacts nothing.</summary>
    public static PageRedactor None { get; } = new(Options.Create(new RedactionOptions()), NullLogger<PageRedactor>.Instance);

    /// <summary>False when no page is configured: the decoder then never looks at meta.domain.</summary>
    internal bool Enabled => _domains.Length > 0;

    /// <summary>True when the reader is on a string value naming a configured domain.</summary>
    internal bool IsRedactedDomain(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }
        foreach (var domain in _domains)
        {
            if (reader.ValueTextEquals(domain))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Applies the first matching branch to an event the decoder wrote (compact JSON with
    /// JavaScript-compatible escaping) and returns the new bytes, or the same array when no
    /// branch matches. The rewrite copies everything else unchanged.
    /// </summary>
    internal byte[] Redact(byte[] decoded)
    {
        if (Decide(decoded) is not { } decision)
        {
            return decoded;
        }
        var buffer = new ArrayBufferWriter<byte>(decoded.Length);
        Rewrite(decoded, new JsJsonWriter(buffer), decision.Branch);
        _logger.LogInformation("Redacted Page. Wiki: {Wiki}, Stream: {Stream}, Page: {Page}", decision.Domain, decision.Stream, decision.Title);
        return buffer.WrittenSpan.ToArray();
    }

    private Decision? Decide(byte[] decoded)
    {
        using var document = JsonDocument.Parse(decoded, DocumentOptions);
        var root = document.RootElement;
        if (!root.TryGetProperty("meta"u8, out var meta) || meta.ValueKind != JsonValueKind.Object
            || StringOf(meta, "domain"u8) is not { } domain || !_titles.TryGetValue(domain, out var titles))
        {
            return null;
        }
        var stream = StringOf(meta, "stream"u8);
        var pageTitle = TitleOf(Property(root, "page"u8), "page_title"u8);
        if (stream == PageChangeStream && Listed(titles, pageTitle))
        {
            return new Decision(Branch.PageChange, domain, stream, pageTitle!);
        }
        var title = TitleOf(root, "title"u8);
        if (stream == RecentChangeStream && Listed(titles, title))
        {
            return new Decision(Branch.RecentChange, domain, stream, title!);
        }
        var topLevelTitle = TitleOf(root, "page_title"u8);
        if (Listed(titles, topLevelTitle))
        {
            return new Decision(Branch.Other, domain, stream, topLevelTitle!);
        }
        return Listed(titles, pageTitle) ? new Decision(Branch.Other, domain, stream, pageTitle!) : null;
    }

    private static bool Listed(HashSet<string> titles, string? title) =>
        PageTitles.Normalize(title) is { } normalized && titles.Contains(normalized);

    private static JsonElement? Property(JsonElement element, ReadOnlySpan<byte> name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) ? value : null;

    private static string? StringOf(JsonElement element, ReadOnlySpan<byte> name) =>
        Property(element, name) is { ValueKind: JsonValueKind.String } value ? SafeGetString(value) : null;

    /// <summary>
    /// A title as JavaScript's String(t) sees it: strings, and numbers and booleans as text
    /// (a number keeps the producer's text, where JavaScript would re-print it).
    /// </summary>
    private static string? TitleOf(JsonElement? element, ReadOnlySpan<byte> name) =>
        element is { } e && Property(e, name) is { } value
            ? value.ValueKind switch
            {
                JsonValueKind.String => SafeGetString(value),
                JsonValueKind.Number => value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                _ => null,
            }
            : null;

    private static string? SafeGetString(JsonElement value)
    {
        try
        {
            return value.GetString();
        }
        catch (InvalidOperationException)
        {
            return null; // a lone surrogate escape; no configured title can equal it
        }
    }

    private static void Rewrite(byte[] decoded, JsJsonWriter writer, Branch branch)
    {
        var reader = new Utf8JsonReader(decoded, EventDecoder.ReaderOptions);
        reader.Read();
        writer.WriteStartObject();
        var performerWritten = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (branch == Branch.PageChange && reader.ValueTextEquals(Performer))
            {
                // JavaScript assigns performer = {} in place, keeping the property's position.
                SkipProperty(ref reader);
                writer.WritePropertyName(Performer);
                writer.WriteStartObject();
                writer.WriteEndObject();
                performerWritten = true;
            }
            else if (branch == Branch.PageChange && reader.ValueTextEquals(Revision))
            {
                CopyPropertyWithout(ref reader, writer, [Editor]);
            }
            else if (branch == Branch.PageChange && reader.ValueTextEquals(PriorState))
            {
                CopyPropertyWithout(ref reader, writer, [Revision, Editor]);
            }
            else if ((branch == Branch.RecentChange && reader.ValueTextEquals(User))
                || (branch == Branch.Other && reader.ValueTextEquals(Performer)))
            {
                SkipProperty(ref reader);
            }
            else
            {
                JsonCopy.PropertyName(ref reader, writer);
                reader.Read();
                JsonCopy.Value(ref reader, writer);
            }
        }
        if (branch == Branch.PageChange && !performerWritten)
        {
            writer.WritePropertyName(Performer);
            writer.WriteStartObject();
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void SkipProperty(ref Utf8JsonReader reader)
    {
        reader.Read();
        reader.Skip();
    }

    /// <summary>
    /// Copies a property (the reader is on its name) leaving out the member at <paramref name="path"/>
    /// inside it. Values that are not objects along the path are copied as they are.
    /// </summary>
    private static void CopyPropertyWithout(ref Utf8JsonReader reader, JsJsonWriter writer, scoped ReadOnlySpan<byte[]> path)
    {
        JsonCopy.PropertyName(ref reader, writer);
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            JsonCopy.Value(ref reader, writer);
            return;
        }
        writer.WriteStartObject();
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (!reader.ValueTextEquals(path[0]))
            {
                JsonCopy.PropertyName(ref reader, writer);
                reader.Read();
                JsonCopy.Value(ref reader, writer);
            }
            else if (path.Length == 1)
            {
                SkipProperty(ref reader);
            }
            else
            {
                CopyPropertyWithout(ref reader, writer, path[1..]);
            }
        }
        writer.WriteEndObject();
    }

    private enum Branch
    {
        PageChange,
        RecentChange,
        Other,
    }

    private sealed record Decision(Branch Branch, string Domain, string? Stream, string Title);
}
