using System.Text;
using System.Text.Json.Nodes;
using EventStreams.Grains.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Tests.Events;

/// <summary>
/// The original's redaction tests (test/lib/eventstreams-util.js, makeMediaWikiRedactorDeserializer),
/// ported: config ['redact', 'Redact this', 404, false] for one wiki; YAML numbers and booleans reach
/// us as text, as configuration binding gives them. Every case also checks that meta keeps
/// topic, partition, offset and key.
/// </summary>
public sealed class PageRedactorTests
{
    private const string Wiki = "test.wikipedia.org";
    private const string OtherWiki = "other.wikipedia.org";
    private const string PageChange = "mediawiki.page_change.v1";
    private const string RecentChange = "mediawiki.recentchange";

    private readonly RecordingLogger<PageRedactor> _log = new();
    private readonly EventDecoder _decoder;

    public PageRedactorTests()
    {
        var options = new RedactionOptions { Pages = { [Wiki] = ["redact", "Redact this", "404", "false", null] } };
        _decoder = new EventDecoder(new PageRedactor(Options.Create(options), _log));
    }

    private JsonObject Decode(string json)
    {
        var bytes = _decoder.TryDecode(Encoding.UTF8.GetBytes(json), "eqiad.test", 3, 77, Encoding.UTF8.GetBytes("k"));
        Assert.NotNull(bytes);
        var result = JsonNode.Parse(bytes)!.AsObject();
        var meta = result["meta"]!.AsObject();
        Assert.Equal("eqiad.test", (string?)meta["topic"]);
        Assert.Equal(3, (int)meta["partition"]!);
        Assert.Equal(77, (long)meta["offset"]!);
        Assert.Equal("k", (string?)meta["key"]);
        return result;
    }

    private static string PageChangeEvent(string domain, string title) => $$$$"""
        {"meta":{"stream":"{{{{PageChange}}}}","domain":"{{{{domain}}}}"},"page":{"page_id":1,"page_title":"{{{{title}}}}"},
         "performer":{"user_id":5,"user_text":"Someone"},
         "revision":{"rev_id":2,"editor":{"user_id":5,"user_text":"Someone"}},
         "prior_state":{"revision":{"rev_id":1,"editor":{"user_id":5,"user_text":"Someone"}}} }
        """;

    private static string RecentChangeEvent(string domain, string title) =>
        $$$$"""{"meta":{"stream":"{{{{RecentChange}}}}","domain":"{{{{domain}}}}"},"title":"{{{{title}}}}","user":"Someone","comment":"c"}""";

    private static string OtherStreamEvent(string domain, string title) =>
        $$$$"""{"meta":{"stream":"mediawiki.page-create","domain":"{{{{domain}}}}"},"page_title":"{{{{title}}}}","performer":{"user_text":"Someone"}}""";

    private static void AssertPageChangeRedacted(JsonObject e)
    {
        var performer = Assert.IsType<JsonObject>(e["performer"]);
        Assert.Empty(performer);
        Assert.False(e["revision"]!.AsObject().ContainsKey("editor"));
        Assert.False(e["prior_state"]!["revision"]!.AsObject().ContainsKey("editor"));
        Assert.Equal(2, (int)e["revision"]!["rev_id"]!);
    }

    // 1
    [Fact]
    public void Redact_PageChangeTitleRedact_PerformerEmptiedAndEditorsRemoved()
    {
        AssertPageChangeRedacted(Decode(PageChangeEvent(Wiki, "redact")));
    }

    // 2
    [Fact]
    public void Redact_PageChangeTitleRedactThis_MatchesConfigWithSpace()
    {
        AssertPageChangeRedacted(Decode(PageChangeEvent(Wiki, "redact_this")));
    }

    // 3
    [Fact]
    public void Redact_PageChangeOtherDomain_Untouched()
    {
        var e = Decode(PageChangeEvent(OtherWiki, "redact"));
        Assert.Equal("Someone", (string?)e["performer"]!["user_text"]);
        Assert.Equal(5, (int)e["revision"]!["editor"]!["user_id"]!);
        Assert.Equal(5, (int)e["prior_state"]!["revision"]!["editor"]!["user_id"]!);
    }

    // 4
    [Fact]
    public void Redact_RecentChangeTitleRedact_UserRemovedRestKept()
    {
        var e = Decode(RecentChangeEvent(Wiki, "redact"));
        Assert.False(e.ContainsKey("user"));
        Assert.Equal("c", (string?)e["comment"]);
        Assert.Equal("redact", (string?)e["title"]);
    }

    // 5
    [Fact]
    public void Redact_RecentChangeTitleWithSpace_UserRemoved()
    {
        Assert.False(Decode(RecentChangeEvent(Wiki, "redact this")).ContainsKey("user"));
    }

    // 6
    [Fact]
    public void Redact_RecentChangeOtherDomain_Untouched()
    {
        Assert.Equal("Someone", (string?)Decode(RecentChangeEvent(OtherWiki, "redact"))["user"]);
    }

    // 7
    [Fact]
    public void Redact_OtherStreamPageTitleRedact_PerformerRemoved()
    {
        Assert.False(Decode(OtherStreamEvent(Wiki, "redact")).ContainsKey("performer"));
    }

    // 8
    [Fact]
    public void Redact_OtherStreamOtherDomain_PerformerKept()
    {
        Assert.Equal("Someone", (string?)Decode(OtherStreamEvent(OtherWiki, "redact"))["performer"]!["user_text"]);
    }

    // 9
    [Fact]
    public void Redact_OtherStreamPageTitleRedactThis_MatchesConfigWithSpace()
    {
        Assert.False(Decode(OtherStreamEvent(Wiki, "redact_this")).ContainsKey("performer"));
    }

    // 10 (edge cases)
    [Theory]
    [InlineData("{}")]
    [InlineData($$$$"""{"meta":{"domain":"{{{{Wiki}}}}"}}""")]
    public void Redact_EmptyMessageOrDomainWithoutTitle_Unchanged(string json)
    {
        var plain = new EventDecoder().TryDecode(Encoding.UTF8.GetBytes(json), "eqiad.test", 3, 77, Encoding.UTF8.GetBytes("k"));

        var e = Decode(json);

        Assert.Equal(Encoding.UTF8.GetString(plain!), e.ToJsonString());
        Assert.Empty(_log.Lines);
    }

    // 11 (edge cases)
    [Fact]
    public void Redact_RecentChangeTitleFalseAndPageChangeTitle404_MatchBooleanAndNumberConfig()
    {
        Assert.False(Decode(RecentChangeEvent(Wiki, "false")).ContainsKey("user"));
        AssertPageChangeRedacted(Decode(PageChangeEvent(Wiki, "404")));
    }

    [Fact]
    public void Redact_PageChangeWithoutRevision_RedactsWhatIsThereAndKeepsTheEvent()
    {
        // Deliberate difference: the original throws on revision.editor and drops the event.
        var e = Decode($$$$"""{"meta":{"stream":"{{{{PageChange}}}}","domain":"{{{{Wiki}}}}"},"page":{"page_title":"Redact"}}""");

        Assert.Empty(Assert.IsType<JsonObject>(e["performer"]));
        Assert.False(e.ContainsKey("revision"));
    }

    [Fact]
    public void Redact_Redacted_LogsWikiStreamAndPageOnce()
    {
        Decode(RecentChangeEvent(Wiki, "Redact this"));

        var line = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal($"Redacted Page. Wiki: {Wiki}, Stream: {RecentChange}, Page: Redact this", line.Message);
    }

    [Fact]
    public void Redact_Redacted_KeepsOrderNumberTextAndJavaScriptEscaping()
    {
        var json = $$$$"""{"a":1.50,"meta":{"domain":"{{{{Wiki}}}}","stream":"{{{{RecentChange}}}}"},"user":"x","title":"Redact","t":"Łódź/😀 \"q\" \u0001"}""";

        var bytes = _decoder.TryDecode(Encoding.UTF8.GetBytes(json), "eqiad.test", 3, 77, null);

        Assert.Equal(
            $$$$"""{"a":1.50,"meta":{"domain":"{{{{Wiki}}}}","stream":"{{{{RecentChange}}}}","topic":"eqiad.test","partition":3,"offset":77},"title":"Redact","t":"Łódź/😀 \"q\" \u0001"}""",
            Encoding.UTF8.GetString(bytes!));
    }

    [Fact]
    public void Redact_PerformerAbsentOnPageChange_AppendsEmptyPerformerLikeJavaScriptAssignment()
    {
        var json = $$$$"""{"meta":{"stream":"{{{{PageChange}}}}","domain":"{{{{Wiki}}}}"},"page":{"page_title":"redact"},"revision":{"editor":{}}}""";

        var bytes = _decoder.TryDecode(Encoding.UTF8.GetBytes(json), "t", 0, 1, null);

        Assert.EndsWith("""
            "revision":{},"performer":{}}
            """, Encoding.UTF8.GetString(bytes!));
    }

    [Fact]
    public void Redact_CanaryDomain_NeverRedacted()
    {
        var e = Decode("""{"meta":{"stream":"mediawiki.recentchange","domain":"canary"},"title":"redact","user":"u"}""");

        Assert.Equal("u", (string?)e["user"]);
    }
}
