using System.Text;
using EventStreams.Grains.Events;

namespace EventStreams.Grains.Tests.Events;

public sealed class EventDecoderTests
{
    private readonly EventDecoder _decoder = new();

    private string? Decode(string json, string? key = null, string topic = "eqiad.test", int partition = 2, long offset = 41) =>
        _decoder.TryDecode(Encoding.UTF8.GetBytes(json), topic, partition, offset, key is null ? null : Encoding.UTF8.GetBytes(key))
            is { } bytes ? Encoding.UTF8.GetString(bytes) : null;

    [Fact]
    public void TryDecode_ObjectWithMeta_AppendsKafkaFieldsAtEndOfMeta()
    {
        var result = Decode("""{ "a": 1, "meta": { "domain": "en.wikipedia.org", "dt": "x" }, "b": [true, null] }""");
        Assert.Equal("""{"a":1,"meta":{"domain":"en.wikipedia.org","dt":"x","topic":"eqiad.test","partition":2,"offset":41},"b":[true,null]}""", result);
    }

    [Fact]
    public void TryDecode_NoMeta_AddsMetaAsLastProperty()
    {
        Assert.Equal("""{"id":3,"meta":{"topic":"eqiad.test","partition":2,"offset":41}}""", Decode("""{"id":3}"""));
    }

    [Fact]
    public void TryDecode_MetaAlreadyHasKafkaFields_OverwritesThemInPlace()
    {
        var result = Decode("""{"meta":{"offset":"old","x":1,"topic":"wrong"}}""");
        Assert.Equal("""{"meta":{"offset":41,"x":1,"topic":"eqiad.test","partition":2}}""", result);
    }

    [Fact]
    public void TryDecode_NonAsciiSlashAndEmoji_WrittenRawLikeJavaScript()
    {
        var result = Decode("""{"t":"Łódź/São Paulo 😀 \u00e9 \/ – « » … ‎→"}""");
        Assert.Equal("{\"t\":\"Łódź/São Paulo 😀 é / – « » … ‎→\",\"meta\":{\"topic\":\"eqiad.test\",\"partition\":2,\"offset\":41}}", result);
    }

    [Theory]
    [InlineData("a\u2028b", """a\u2028b""")]
    [InlineData("a\u2029b", """a\u2029b""")]
    [InlineData("a\u0085b", """a\u0085b""")]
    [InlineData("\u2028\u2029\u0085", """\u2028\u2029\u0085""")]
    [InlineData("–\u2028«\u0085…", """–\u2028«\u0085…""")]
    [InlineData("\u2027\u202a\u0084\u0086", "\u2027\u202a\u0084\u0086")] // their neighbours stay raw
    public void TryDecode_LineAndParagraphSeparatorsAndNextLine_WrittenAsEscapes(string text, string expected)
    {
        // Raw in the message, and as \u escapes: both come out escaped.
        var raw = Decode($$"""{"{{text}}":"{{text}}"}""");
        var escaped = Decode($$"""{"t":"{{string.Concat(text.Select(c => $"\\u{(int)c:x4}"))}}"}""");

        Assert.Equal($$$"""{"{{{expected}}}":"{{{expected}}}","meta":{"topic":"eqiad.test","partition":2,"offset":41}}""", raw);
        Assert.StartsWith($$"""{"t":"{{expected}}","meta":""", escaped);
        Assert.Equal(text, System.Text.Json.JsonDocument.Parse(raw!).RootElement.GetProperty(text).GetString());
        Assert.DoesNotMatch("[\u2028\u2029\u0085]", raw!);
    }

    [Fact]
    public void TryDecode_SeparatorInAStringWithALoneSurrogateEscape_Escaped()
    {
        // Kept as the producer's escaped text (it has no UTF-8 form); a raw separator in it is escaped too.
        var result = Decode("{\"t\":\"\\ud800\u2028\\n\"}");
        Assert.StartsWith("""{"t":"\ud800\u2028\n","meta":""", result);
    }

    [Fact]
    public void TryDecode_SeparatorInAJsonKeyOrTextKey_Escaped()
    {
        Assert.EndsWith("""
            "key":{"k":"a\u2028b"}}}
            """, Decode("""{"meta":{}}""", key: "{\"k\":\"a\u2028b\"}"));
        Assert.EndsWith("""
            "key":"a\u2029b"}}
            """, Decode("""{"meta":{}}""", key: "a\u2029b"));
    }

    [Theory]
    [InlineData(new byte[] { 0xFF }, "\uFFFD")]
    [InlineData(new byte[] { 0xC3 }, "\uFFFD")]                     // a truncated sequence
    [InlineData(new byte[] { 0xE2, 0x80 }, "\uFFFD")]               // one replacement per maximal invalid subpart
    [InlineData(new byte[] { 0xC0, 0xAF }, "\uFFFD\uFFFD")]         // an overlong '/'
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 }, "\uFFFD\uFFFD\uFFFD")] // an encoded surrogate
    [InlineData(new byte[] { 0x61, 0xFE, 0x62 }, "a\uFFFDb")]
    public void TryDecode_InvalidUtf8InAString_ReplacedByU_FFFD(byte[] bad, string expected)
    {
        byte[] value = [.. "{\"t\":\""u8, .. bad, .. "\",\""u8, .. bad, .. "\":1}"u8];

        var result = _decoder.TryDecode(value, "eqiad.utf8", 0, 1, null)!;

        Assert.True(System.Text.Unicode.Utf8.IsValid(result));
        Assert.Equal($$$"""{"t":"{{{expected}}}","{{{expected}}}":1,"meta":{"topic":"eqiad.utf8","partition":0,"offset":1}}""", Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void TryDecode_InvalidUtf8InAJsonKey_ReplacedByU_FFFD()
    {
        byte[] key = [.. "{\"k\":\"a"u8, 0xFF, .. "\"}"u8];

        var result = _decoder.TryDecode("""{"meta":{}}"""u8, "eqiad.utf8", 0, 1, key)!;

        Assert.True(System.Text.Unicode.Utf8.IsValid(result));
        Assert.EndsWith("\"key\":{\"k\":\"a\uFFFD\"}}}", Encoding.UTF8.GetString(result));
    }

    [Fact]
    public void TryDecode_InvalidUtf8_CountedPerTopicAndPartition()
    {
        var counter = EventMetrics.InvalidUtf8.WithLabels("eqiad.utf8.count", "3");
        var before = counter.Value;
        byte[] bad = [.. "{\"t\":\""u8, 0xFF, .. "\"}"u8];

        _decoder.TryDecode(bad, "eqiad.utf8.count", 3, 1, null);
        _decoder.TryDecode("""{"t":"fine"}"""u8, "eqiad.utf8.count", 3, 2, null);
        _decoder.TryDecode("""{"t":"fine"}"""u8, "eqiad.utf8.count", 3, 3, [0xFF]);

        Assert.Equal(before + 2, counter.Value);
    }

    [Fact]
    public void TryDecode_InvalidUtf8OutsideStrings_NotAJsonObjectSkipped()
    {
        Assert.Null(_decoder.TryDecode([.. "{\"t\":1"u8, 0xFF, .. "}"u8], "eqiad.utf8", 0, 1, null));
    }

    [Fact]
    public void TryDecode_ControlCharactersAndQuotes_EscapedLikeJavaScript()
    {
        var result = Decode("""{"t":"a\"b\\c\n\t\u0001\u001f"}""");
        Assert.StartsWith("""{"t":"a\"b\\c\n\t\u0001\u001f","meta":""", result);
    }

    [Fact]
    public void TryDecode_NumbersAndWhitespace_CompactWithNumberTextKept()
    {
        var result = Decode("{\n  \"n\" : 1.50 ,\r\n \"big\": 12345678901234567890, \"e\": 1e3 }");
        Assert.StartsWith("""{"n":1.50,"big":12345678901234567890,"e":1e3,"meta":""", result);
    }

    [Theory]
    [InlineData("this is bad json!!!")]
    [InlineData("42")]
    [InlineData("null")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    [InlineData("")]
    [InlineData("{\"a\":1} trailing")]
    [InlineData("{\"a\":")]
    public void TryDecode_NotAJsonObject_ReturnsNull(string value)
    {
        Assert.Null(Decode(value));
    }

    [Fact]
    public void TryDecode_JsonKey_EmbedsKeyAsJson()
    {
        var result = Decode("""{"meta":{}}""", key: """{"wiki_id":"enwiki","page_id":7}""");
        Assert.Equal("""{"meta":{"topic":"eqiad.test","partition":2,"offset":41,"key":{"wiki_id":"enwiki","page_id":7}}}""", result);
    }

    [Fact]
    public void TryDecode_PlainTextKey_EmbedsKeyAsString()
    {
        var result = Decode("""{"meta":{}}""", key: "page-7");
        Assert.Equal("""{"meta":{"topic":"eqiad.test","partition":2,"offset":41,"key":"page-7"}}""", result);
    }

    [Fact]
    public void TryDecode_NonObjectMeta_ReplacedByObjectWithKafkaFields()
    {
        Assert.Equal("""{"meta":{"topic":"eqiad.test","partition":2,"offset":41},"x":1}""", Decode("""{"meta":"nope","x":1}"""));
    }

    [Fact]
    public void TryDecode_NestedObjectsAndArrays_CopiedExactly()
    {
        const string nested = """{"a":{"b":[{"c":[]},{}],"d":{"e":{"f":"g"}}},"meta":{"m":[1,{"x":null}]}}""";
        Assert.Equal("""{"a":{"b":[{"c":[]},{}],"d":{"e":{"f":"g"}}},"meta":{"m":[1,{"x":null}],"topic":"eqiad.test","partition":2,"offset":41}}""", Decode(nested));
    }
}
