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
        var result = Decode("""{"t":"Łódź/São Paulo 😀 \u00e9 \/ \u2028"}""");
        Assert.Equal("{\"t\":\"Łódź/São Paulo 😀 é / \u2028\",\"meta\":{\"topic\":\"eqiad.test\",\"partition\":2,\"offset\":41}}", result);
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
