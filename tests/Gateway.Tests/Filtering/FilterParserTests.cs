using EventStreams.Gateway.Filtering;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Tests.Filtering;

public sealed class FilterParserTests
{
    private static EventFilter? Parse(string[] where, string? canary = null)
    {
        Assert.True(FilterParser.TryParse(new StringValues(where), canary is null ? StringValues.Empty : new StringValues(canary), out var filter, out var error), error);
        return filter;
    }

    private static string Refusal(string[] where, string? canary = null)
    {
        Assert.False(FilterParser.TryParse(new StringValues(where), canary is null ? StringValues.Empty : new StringValues(canary), out var filter, out var error));
        Assert.Null(filter);
        return error!;
    }

    [Fact]
    public void TryParse_NoFilterNoCanary_UnfilteredStream()
    {
        Assert.Null(Parse([]));
    }

    [Fact]
    public void TryParse_EveryOperator_NormalFormWithCanaryExcluded()
    {
        var filter = Parse(["meta.domain=en.wikipedia.org|*.wikimedia.org", "bot!=true", "rev_id", "!log_type"])!;

        Assert.Equal("where=!log_type&where=bot!=true&where=meta.domain!=canary&where=meta.domain=*.wikimedia.org|en.wikipedia.org&where=rev_id", filter.Key);
        Assert.Equal(
            [FilterOperator.Absent, FilterOperator.NotEquals, FilterOperator.NotEquals, FilterOperator.Equals, FilterOperator.Present],
            filter.Conditions.Select(c => c.Operator));
    }

    [Fact]
    public void TryParse_SameFilterWrittenTwoWays_OneKey()
    {
        var a = Parse(["type=new|edit", "wiki=enwiki", "wiki=enwiki"])!;
        var b = Parse(["wiki=enwiki", "type=edit|new|edit"], canary: "exclude")!;

        Assert.Equal(a.Key, b.Key);
    }

    [Fact]
    public void TryParse_CanaryOnly_ExcludeIsAFilterIncludeIsNone()
    {
        Assert.Equal("where=meta.domain!=canary", Parse([], canary: "exclude")!.Key);
        Assert.Null(Parse([], canary: "include"));
        Assert.Equal("where=wiki=enwiki", Parse(["wiki=enwiki"], canary: "include")!.Key);
    }

    [Theory]
    [InlineData("", "A where condition is empty: write path=value, path!=value, path or !path.")]
    [InlineData("=x", "where==x: the path is empty.")]
    [InlineData("!", "where=!: the path is empty.")]
    [InlineData("meta..domain=x", "where=meta..domain=x: the path has an empty name (two dots, or a dot at an end).")]
    [InlineData(".wiki=x", "where=.wiki=x: the path has an empty name (two dots, or a dot at an end).")]
    [InlineData("length>5", "where=length>5: unknown operator '>' (use =, !=, a path alone for present, or !path for absent).")]
    [InlineData("wiki==enwiki", "where=wiki==enwiki: unknown operator '==' (use =, !=, a path alone for present, or !path for absent).")]
    [InlineData("wiki~=en", "where=wiki~=en: unknown operator '~=' (use =, !=, a path alone for present, or !path for absent).")]
    [InlineData("wiki=", "where=wiki=: a value must follow '='.")]
    [InlineData("wiki=a||b", "where=wiki=a||b: a value between '|' is empty.")]
    [InlineData("!wiki=enwiki", "where=!wiki=enwiki: !path takes no value (write path!=value to exclude values).")]
    [InlineData("wi ki=x", "where=wi ki=x: ' ' cannot be in a path (names of letters, digits, _ and -, joined by dots).")]
    [InlineData("a.b.c.d.e.f.g.h.i.j.k=x", "where=a.b.c.d.e.f.g.h.i.j.k=x: the path has 11 names (at most 10).")]
    public void TryParse_BadCondition_SaysWhatIsWrong(string where, string message)
    {
        Assert.Equal(message, Refusal([where]));
    }

    [Fact]
    public void TryParse_TooManyConditions_Refused()
    {
        Assert.Equal("Too many where conditions: 11 (at most 10).", Refusal([.. Enumerable.Range(0, 11).Select(i => $"f{i}=x")]));
    }

    [Fact]
    public void TryParse_TooManyValues_Refused()
    {
        Assert.Equal("where=wiki=v0|v1|v2|v3|v4|v5|v6|v7|v8|v9|v10|v11|v12|v13|v14|v15|v16|v…: too many values: 51 (at most 50).",
            Refusal(["wiki=" + string.Join('|', Enumerable.Range(0, 51).Select(i => $"v{i}"))]));
    }

    [Fact]
    public void TryParse_TooLong_Refused()
    {
        Assert.Equal($"where=wiki={new string('x', 59)}… is too long: 518 characters (at most 512).",
            Refusal(["wiki=" + new string('x', 513)]));
    }

    [Fact]
    public void TryParse_UnknownCanaryChoice_Refused()
    {
        Assert.Equal("canary must be include or exclude (was 'yes').", Refusal([], canary: "yes"));
    }
}
