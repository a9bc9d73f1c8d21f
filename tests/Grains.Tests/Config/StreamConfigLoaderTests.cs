using EventStreams.Grains.Config;

namespace EventStreams.Grains.Tests.Config;

public sealed class StreamConfigLoaderTests
{
    private const string Example = """
        mediawiki.revision-create:
          topics: [eqiad.mediawiki.revision-create, codfw.mediawiki.revision-create]
          stream_aliases: [revision-create, edits]
          description: Revisions.
          schema_title: mediawiki/revision/create
        mediawiki.page-create:
          topics: [eqiad.mediawiki.page-create]
          topics_allowed: [eqiad.mediawiki.page-create, codfw.mediawiki.page-create]
        /^mediawiki\.job\..+/:
          topics: [x]
        no.topics:
          description: nothing to consume
        """;

    [Fact]
    public void Parse_Example_AddsAliasesWithNoteAndSortsByName()
    {
        var catalog = StreamConfigLoader.Parse(Example, version: 3);

        Assert.Equal(3, catalog.Version);
        Assert.Equal(["edits", "mediawiki.page-create", "mediawiki.revision-create", "revision-create"], catalog.Streams.Select(s => s.Name));
        var alias = catalog.Streams.Single(s => s.Name == "edits");
        Assert.Equal("mediawiki.revision-create", alias.AliasOf);
        Assert.Equal("Revisions.\n\n(NOTE: This stream is an alias of mediawiki.revision-create)", alias.Description);
        Assert.Equal(["eqiad.mediawiki.revision-create", "codfw.mediawiki.revision-create"], alias.Topics);
        Assert.Equal("mediawiki/revision/create", alias.SchemaTitle);
    }

    [Fact]
    public void Parse_NoDescription_DefaultsToNameEvents()
    {
        var stream = StreamConfigLoader.Parse(Example, 1).Streams.Single(s => s.Name == "mediawiki.page-create");
        Assert.Equal("mediawiki.page-create events.", stream.Description);
    }

    [Fact]
    public void Parse_TopicsAllowed_KeptWhenSetAndDefaultsToTopics()
    {
        var streams = StreamConfigLoader.Parse(Example, 1).Streams;
        Assert.Equal(["eqiad.mediawiki.page-create", "codfw.mediawiki.page-create"], streams.Single(s => s.Name == "mediawiki.page-create").TopicsAllowed);
        Assert.Equal(["eqiad.mediawiki.revision-create", "codfw.mediawiki.revision-create"], streams.Single(s => s.Name == "edits").TopicsAllowed);
    }

    [Fact]
    public void Parse_RegexKeysAndStreamsWithoutTopics_AreDropped()
    {
        var names = StreamConfigLoader.Parse(Example, 1).Streams.Select(s => s.Name).ToArray();
        Assert.DoesNotContain("no.topics", names);
        Assert.DoesNotContain(names, n => n.StartsWith('/'));
    }

    [Fact]
    public void Parse_NothingLeft_ThrowsClearMessage()
    {
        var error = Assert.Throws<InvalidOperationException>(() => StreamConfigLoader.Parse("a:\n  description: x\n", 1));
        Assert.Contains("no stream with topics", error.Message);
    }

    [Fact]
    public void Parse_RepositoryExample_HasThreeStreamsWithAliasesAndTwoDataCentres()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "stream-config.yaml");
        var catalog = StreamConfigLoader.Parse(File.ReadAllText(path), 1);
        Assert.Equal(["mediawiki.page-create", "mediawiki.recentchange", "mediawiki.revision-create", "page-create", "recentchange", "revision-create"],
            catalog.Streams.Select(s => s.Name));
        Assert.All(catalog.Streams, s => Assert.Equal(["eqiad.", "codfw."], s.Topics.Select(t => t[..6])));
    }
}
