using System.Text;
using EventStreams.Gateway.Filtering;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Tests.Filtering;

public sealed class EventFilterTests
{
    private static bool Matches(string where, string json, string canary = "include")
    {
        Assert.True(FilterParser.TryParse(new StringValues(where), new StringValues(canary), out var filter, out var error), error);
        return filter!.Matches(Encoding.UTF8.GetBytes(json));
    }

    [Theory]
    [InlineData("wiki=enwiki", """{"wiki":"enwiki"}""", true)]
    [InlineData("wiki=enwiki|dewiki", """{"wiki":"dewiki"}""", true)]
    [InlineData("wiki=enwiki", """{"wiki":"frwiki"}""", false)]
    [InlineData("wiki=enwiki", """{}""", false)] // missing field
    [InlineData("meta.domain=en.wikipedia.org", """{"meta":{"domain":"en.wikipedia.org"}}""", true)] // nested
    [InlineData("meta.domain=en.wikipedia.org", """{"meta":"en.wikipedia.org"}""", false)] // not an object on the way
    [InlineData("meta.domain=*.wikipedia.org", """{"meta":{"domain":"de.wikipedia.org"}}""", true)] // suffix
    [InlineData("meta.domain=*.wikipedia.org", """{"meta":{"domain":"wikipedia.org"}}""", false)]
    [InlineData("wiki=en*", """{"wiki":"enwiktionary"}""", true)] // prefix
    [InlineData("title=*Talk*", """{"title":"User Talk:X"}""", true)] // both ends: contains
    [InlineData("namespace=0", """{"namespace":0}""", true)] // numbers by value
    [InlineData("namespace=0", """{"namespace":0.0}""", true)]
    [InlineData("namespace=0", """{"namespace":"0"}""", true)] // a string by its text
    [InlineData("namespace=0", """{"namespace":1}""", false)]
    [InlineData("namespace=x", """{"namespace":0}""", false)]
    [InlineData("bot=true", """{"bot":true}""", true)]
    [InlineData("bot=true", """{"bot":"true"}""", true)]
    [InlineData("bot=true", """{"bot":false}""", false)]
    [InlineData("bot!=true", """{"bot":false}""", true)]
    [InlineData("bot!=true", """{}""", true)] // absent passes a negation
    [InlineData("bot!=true", """{"bot":true}""", false)]
    [InlineData("parent=null", """{"parent":null}""", true)]
    [InlineData("parent", """{"parent":null}""", true)] // present, even when null
    [InlineData("!parent", """{"parent":null}""", false)]
    [InlineData("!parent", """{"other":1}""", true)]
    [InlineData("tags=mobile edit", """{"tags":["visualeditor","mobile edit"]}""", true)] // arrays: any element
    [InlineData("tags=mobile edit", """{"tags":["visualeditor"]}""", false)]
    [InlineData("tags!=mobile edit", """{"tags":["visualeditor"]}""", true)]
    [InlineData("meta=x", """{"meta":{"x":1}}""", false)] // an object never equals a value
    [InlineData("title=Zürich", """{"title":"Z\u00fcrich"}""", true)] // unicode, escaped in the event
    [InlineData("title=日本", """{"title":"日本"}""", true)]
    [InlineData("title=*本", """{"title":"日本"}""", true)]
    public void Matches_Condition_AsDocumented(string where, string json, bool expected)
    {
        Assert.Equal(expected, Matches(where, json));
    }

    [Fact]
    public void Matches_SeveralConditions_AllMustHold()
    {
        const string json = """{"wiki":"enwiki","type":"edit","bot":false}""";
        Assert.True(FilterParser.TryParse(new StringValues(["wiki=enwiki", "type=edit|new", "bot!=true"]), StringValues.Empty, out var filter, out _));
        Assert.True(filter!.Matches(Encoding.UTF8.GetBytes(json)));
        Assert.False(filter.Matches(Encoding.UTF8.GetBytes("""{"wiki":"enwiki","type":"log","bot":false}""")));
    }

    [Fact]
    public void Matches_CanaryEventOnAFilteredStream_LeftOutUnlessIncluded()
    {
        const string canary = """{"wiki":"enwiki","meta":{"domain":"canary"}}""";
        Assert.False(Matches("wiki=enwiki", canary, canary: "exclude"));
        Assert.True(Matches("wiki=enwiki", canary, canary: "include"));
        Assert.True(FilterParser.TryParse(new StringValues("wiki=enwiki"), StringValues.Empty, out var byDefault, out _));
        Assert.False(byDefault!.Matches(Encoding.UTF8.GetBytes(canary)));
    }
}
