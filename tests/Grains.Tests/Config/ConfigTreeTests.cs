using System.Text.Json.Nodes;
using EventStreams.Grains.Config;

namespace EventStreams.Grains.Tests.Config;

public sealed class ConfigTreeTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}, got {actual.ToJsonString()}");

    [Fact]
    public void WithDefaults_ValueAlreadySet_IsNeverOverridden()
    {
        var merged = ConfigTree.WithDefaults(Obj("""{"s":{"description":"mine","topics":["a"]}}"""), Obj("""{"s":{"description":"default","topics":["x"]}}"""));
        AssertJson("""{"s":{"description":"mine","topics":["a"]}}""", merged);
    }

    [Fact]
    public void WithDefaults_MissingKeys_AreFilledAtEveryDepth()
    {
        var merged = ConfigTree.WithDefaults(
            Obj("""{"s":{"topics":["a"],"producers":{"eventgate":{"enrich":true}}}}"""),
            Obj("""{"s":{"schema_title":"t","producers":{"eventgate":{"enrich":false,"use_canary":true}}}}"""));
        AssertJson("""{"s":{"topics":["a"],"producers":{"eventgate":{"enrich":true,"use_canary":true}},"schema_title":"t"}}""", merged);
    }

    [Fact]
    public void WithDefaults_StreamOnlyInDefaults_IsAdded()
    {
        // As in the original; without topics it is dropped later by the topic rule.
        var merged = ConfigTree.WithDefaults(Obj("""{"a":{"topics":["a"]}}"""), Obj("""{"b":{"topics_allowed":["x"]}}"""));
        AssertJson("""{"a":{"topics":["a"]},"b":{"topics_allowed":["x"]}}""", merged);
    }

    [Fact]
    public void WithDefaults_ArraySetInTarget_KeptWholeNotMergedIndexByIndex_QuirkFixed()
    {
        // lodash defaultsDeep would give ["a","y"]: a default list of two adds a topic. Fixed deliberately.
        var merged = ConfigTree.WithDefaults(Obj("""{"s":{"topics":["a"]}}"""), Obj("""{"s":{"topics":["x","y"]}}"""));
        AssertJson("""{"s":{"topics":["a"]}}""", merged);
    }

    [Fact]
    public void WithDefaults_NullInTarget_CountsAsUnsetAndIsFilled()
    {
        // lodash keeps null; an empty YAML value ("topics:") is null, and is meant as "not set".
        var merged = ConfigTree.WithDefaults(Obj("""{"s":{"topics":null}}"""), Obj("""{"s":{"topics":["x"]}}"""));
        AssertJson("""{"s":{"topics":["x"]}}""", merged);
    }

    [Fact]
    public void WithDefaults_Inputs_AreNotModifiedOrShared()
    {
        var target = Obj("""{"s":{"topics":["a"]}}""");
        var defaults = Obj("""{"s":{"extra":{"k":1}}}""");
        var merged = ConfigTree.WithDefaults(target, defaults);
        merged["s"]!["extra"]!["k"] = 2;
        AssertJson("""{"s":{"topics":["a"]}}""", target);
        AssertJson("""{"s":{"extra":{"k":1}}}""", defaults);
    }

    [Fact]
    public void WithOverrides_ReplacePerKey_KeepingOtherKeysOfTheStream()
    {
        var merged = ConfigTree.WithOverrides(
            Obj("""{"s":{"topics":["eqiad.t","codfw.t"],"description":"d","nested":{"a":1,"b":2}}}"""),
            Obj("""{"s":{"description":"new","nested":{"b":3}}}"""));
        AssertJson("""{"s":{"topics":["eqiad.t","codfw.t"],"description":"new","nested":{"a":1,"b":3}}}""", merged);
    }

    [Fact]
    public void WithOverrides_Arrays_AreReplacedWhole()
    {
        // Production's reason for overrides: defaults cannot replace topics (T396564).
        var merged = ConfigTree.WithOverrides(Obj("""{"s":{"topics":["eqiad.t","codfw.t"]}}"""), Obj("""{"s":{"topics":["eqiad.t"]}}"""));
        AssertJson("""{"s":{"topics":["eqiad.t"]}}""", merged);
    }

    [Fact]
    public void WithOverrides_NullValue_ReplacesTheValue()
    {
        var merged = ConfigTree.WithOverrides(Obj("""{"s":{"topics":["t"],"description":"d"}}"""), Obj("""{"s":{"description":null},"n":{"topics":["n"]}}"""));
        AssertJson("""{"s":{"topics":["t"],"description":null},"n":{"topics":["n"]}}""", merged);
    }

    [Theory]
    [InlineData("streams", """{"s":{"topics":["t"]}}""")]
    [InlineData("a.b", "1")]
    [InlineData("list.1", "\"y\"")]
    [InlineData("", """{"streams":{"s":{"topics":["t"]}},"a":{"b":1},"list":["x","y"]}""")]
    public void At_DottedPath_ReturnsTheValueThere(string path, string expected)
    {
        var document = JsonNode.Parse("""{"streams":{"s":{"topics":["t"]}},"a":{"b":1},"list":["x","y"]}""");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), ConfigTree.At(document, path)));
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("a.b.c")]
    [InlineData("list.5")]
    public void At_MissingStep_ReturnsNull(string path) =>
        Assert.Null(ConfigTree.At(JsonNode.Parse("""{"a":{"b":1},"list":["x"]}"""), path));
}
