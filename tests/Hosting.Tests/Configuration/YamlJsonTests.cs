using System.Text.Json.Nodes;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;

namespace EventStreams.Hosting.Tests.Configuration;

public sealed class YamlJsonTests
{
    [Fact]
    public void Parse_YamlPlainScalars_FollowTheCoreSchema()
    {
        var tree = YamlJson.Parse("""
            int: 12
            float: 1.50
            bool: true
            nothing: ~
            empty:
            version: 1.0.0
            hex: 0x1F
            quoted: '12'
            """)!;
        Assert.Equal("""{"int":12,"float":1.50,"bool":true,"nothing":null,"empty":null,"version":"1.0.0","hex":"0x1F","quoted":"12"}""", tree.ToJsonString());
    }

    [Fact]
    public void Parse_Json_KeepsNumbersExactly() =>
        Assert.Equal("""{"big":123456789012345678901234567890,"f":1.50}""", YamlJson.Parse("""{"big": 123456789012345678901234567890, "f": 1.50}""")!.ToJsonString());

    [Fact]
    public void Parse_DuplicateKey_IsRefused() =>
        Assert.Throws<FormatException>(() => YamlJson.Parse("a: 1\na: 2"));

    [Fact]
    public void Parse_EmptyDocument_IsNull() => Assert.Null(YamlJson.Parse("  \n# only a comment\n"));

    [Fact]
    public void ScalarText_StringsUnquotedOthersAsJson()
    {
        Assert.Equal("x", YamlJson.ScalarText(JsonValue.Create("x")));
        Assert.Equal("1.5", YamlJson.ScalarText(JsonNode.Parse("1.5")));
        Assert.Equal("false", YamlJson.ScalarText(JsonValue.Create(false)));
        Assert.Null(YamlJson.ScalarText(new JsonArray()));
        Assert.Null(YamlJson.ScalarText(null));
    }
}
