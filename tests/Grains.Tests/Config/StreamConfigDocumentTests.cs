using System.Text.Json.Nodes;
using EventStreams.Grains.Config;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;

namespace EventStreams.Grains.Tests.Config;

/// <summary>The whole pipeline of the original's loadStreamConfigs, one rule per test.</summary>
public sealed class StreamConfigDocumentTests
{
    private static JsonObject Obj(string json) => JsonNode.Parse(json)!.AsObject();

    private static string[] Names(string text, StreamConfigRules? rules = null) =>
        [.. StreamConfigDocument.Parse(text, rules ?? StreamConfigRules.None).Select(s => s.Name)];

    [Fact]
    public void Parse_ObjectPath_TakesStreamsFromInsideTheDocument()
    {
        // MediaWiki's action=streamconfigs answers {"streams": {...}}; production uses the path "streams".
        const string Api = """{"batchcomplete":true,"streams":{"mediawiki.page-create":{"topics":["eqiad.mediawiki.page-create"]}}}""";
        Assert.Equal(["mediawiki.page-create"], Names(Api, new StreamConfigRules(ObjectPath: "streams")));
    }

    [Fact]
    public void Parse_ObjectPathMissing_ThrowsNamingThePath()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Names("a: {topics: [t]}", new StreamConfigRules(ObjectPath: "streams")));
        Assert.Contains("'streams'", error.Message);
    }

    [Fact]
    public void Parse_Json_IsAcceptedAsWellAsYaml()
    {
        Assert.Equal(["a"], Names("""{"a":{"topics":["t"]}}"""));
        Assert.Equal(["a"], Names("{a: {topics: [t]}}")); // flow-style YAML that looks like JSON
    }

    [Fact]
    public void Parse_Defaults_FillUnsetSettingsButNeverOverride()
    {
        var rules = new StreamConfigRules(Defaults: Obj("""{"a":{"description":"default","schema_title":"t/a"},"b":{"description":"default"}}"""));
        var streams = StreamConfigDocument.Parse("a: {topics: [ta]}\nb: {topics: [tb], description: own}", rules);
        Assert.Equal(("default", "t/a"), (streams[0].Description, streams[0].SchemaTitle));
        Assert.Equal("own", streams[1].Description);
    }

    [Fact]
    public void Parse_DefaultsCannotReplaceTopics_OverridesCan()
    {
        const string Fetched = "rdf: {topics: [eqiad.rdf, codfw.rdf]}";
        var viaDefaults = StreamConfigDocument.Parse(Fetched, new StreamConfigRules(Defaults: Obj("""{"rdf":{"topics":["eqiad.rdf"]}}""")));
        var viaOverrides = StreamConfigDocument.Parse(Fetched, new StreamConfigRules(Overrides: Obj("""{"rdf":{"topics":["eqiad.rdf"]}}""")));
        Assert.Equal(["eqiad.rdf", "codfw.rdf"], viaDefaults[0].Topics);
        Assert.Equal(["eqiad.rdf"], viaOverrides[0].Topics);
    }

    [Fact]
    public void Parse_StreamOnlyInDefaultsWithoutTopics_IsDropped()
    {
        // Production's defaults name a stream only to give it topics_allowed; it must not appear by itself.
        var rules = new StreamConfigRules(Defaults: Obj("""{"only.defaults":{"topics_allowed":["x"]}}"""));
        Assert.Equal(["a"], Names("a: {topics: [t]}", rules));
    }

    [Fact]
    public void Parse_DefaultsAppliedBeforeOverrides_OverridesWin()
    {
        var rules = new StreamConfigRules(
            Defaults: Obj("""{"a":{"description":"from defaults"}}"""),
            Overrides: Obj("""{"a":{"description":"from overrides"}}"""));
        Assert.Equal("from overrides", StreamConfigDocument.Parse("a: {topics: [t]}", rules)[0].Description);
    }

    [Fact]
    public void Parse_AllowedStreams_KeepsOnlyThoseCanonicalStreamsWithTheirAliases()
    {
        var rules = new StreamConfigRules(AllowedStreams: ["a"]);
        Assert.Equal(["a", "a-alias"], Names("a: {topics: [t], stream_aliases: [a-alias]}\nb: {topics: [u]}", rules));
    }

    [Fact]
    public void Parse_AllowedStreamsNamingAnAlias_DoesNotKeepItsStream()
    {
        // Applied before aliases are added, as in the original.
        var error = Assert.Throws<InvalidConfigurationException>(() => Names("a: {topics: [t], stream_aliases: [x]}", new StreamConfigRules(AllowedStreams: ["x"])));
        Assert.Contains("no stream", error.Message);
    }

    [Fact]
    public void Parse_RegexKeys_AreDropped() =>
        Assert.Equal(["a"], Names("'/^mediawiki\\.job\\..+/': {topics: [j]}\na: {topics: [t]}"));

    [Theory]
    [InlineData("b: {description: none}")]
    [InlineData("b: {topics: }")]
    [InlineData("b: {topics: []}")] // The original keeps this (an empty array is truthy in JS); nothing could be served from it.
    [InlineData("b: just text")]
    public void Parse_StreamsWithoutTopics_AreDropped(string other) =>
        Assert.Equal(["a"], Names($"a: {{topics: [t]}}\n{other}"));

    [Fact]
    public void Parse_NoDescription_DefaultsToNameEvents()
    {
        var streams = StreamConfigDocument.Parse("a: {topics: [t]}\nb: {topics: [t], description: ''}", StreamConfigRules.None);
        Assert.Equal(["a events.", "b events."], streams.Select(s => s.Description));
    }

    [Fact]
    public void Parse_Aliases_AreCopiesWithTheAliasNote()
    {
        var streams = StreamConfigDocument.Parse("""
            mediawiki.revision-create:
              topics: [eqiad.rc, codfw.rc]
              topics_allowed: [eqiad.rc, codfw.rc, old.rc]
              stream_aliases: [revision-create]
              schema_title: mediawiki/revision/create
            """, StreamConfigRules.None);
        var (stream, alias) = (streams[0], streams[1]);
        Assert.Equal(("revision-create", "mediawiki.revision-create"), (alias.Name, alias.AliasOf));
        Assert.Equal("mediawiki.revision-create events.\n\n(NOTE: This stream is an alias of mediawiki.revision-create)", alias.Description);
        Assert.Equal((stream.Topics, stream.TopicsAllowed, stream.SchemaTitle), (alias.Topics, alias.TopicsAllowed, alias.SchemaTitle));
        Assert.Null(stream.AliasOf);
    }

    [Fact]
    public void Parse_AliasNamingARealStream_TheRealStreamWins()
    {
        var streams = StreamConfigDocument.Parse("a: {topics: [ta], stream_aliases: [b]}\nb: {topics: [tb]}", StreamConfigRules.None);
        Assert.Equal(["tb"], streams.Single(s => s.Name == "b").Topics);
    }

    [Fact]
    public void Parse_Result_IsSortedByNameOrdinally()
    {
        // Ordinal: upper case before lower case, '-' before '.', as JavaScript's default sort.
        Assert.Equal(["B", "a", "a-b", "a.b"], Names("a.b: {topics: [t]}\na: {topics: [t]}\nB: {topics: [t]}\na-b: {topics: [t]}"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("a: {description: x}")]
    [InlineData("{}")]
    public void Parse_NothingLeft_ThrowsClearMessage(string text)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Names(text));
        Assert.Contains("defines no stream with topics", error.Message);
    }

    [Theory]
    [InlineData("- a\n- b")]
    [InlineData("just text")]
    public void Parse_NotAMapping_ThrowsClearMessage(string text)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Names(text));
        Assert.Contains("must be a mapping", error.Message);
    }

    [Fact]
    public void Parse_InvalidYaml_ThrowsClearMessage()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Names("a: [unclosed"));
        Assert.StartsWith("The stream configuration is not valid YAML or JSON", error.Message);
    }

    [Fact]
    public void Parse_NonStringTopicNames_AreTakenAsText()
    {
        Assert.Equal(["123", "true"], StreamConfigDocument.Parse("a: {topics: [123, true]}", StreamConfigRules.None)[0].Topics);
    }

    [Fact]
    public void Expand_Schemas_AreAttachedToStreamAndAliases()
    {
        var selected = StreamConfigDocument.Select(YamlJson.Parse("a: {topics: [t], stream_aliases: [b]}\nc: {topics: [t]}"), StreamConfigRules.None);
        var streams = StreamConfigDocument.Expand(selected, new Dictionary<string, string> { ["a"] = """{"title":"a"}""" });
        Assert.Equal(["""{"title":"a"}""", """{"title":"a"}""", null], streams.Select(s => s.SchemaJson));
    }
}
