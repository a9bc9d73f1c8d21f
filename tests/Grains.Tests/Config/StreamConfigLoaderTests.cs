using EventStreams.Grains.Config;
using EventStreams.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventStreams.Grains.Tests.Config;

public sealed class StreamConfigLoaderTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("stream-config-").FullName;
    private readonly DocumentFetcher _fetcher = new();

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
        var error = Assert.Throws<InvalidConfigurationException>(() => StreamConfigLoader.Parse("a:\n  description: x\n", 1));
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

    [Fact]
    public async Task LoadAsync_FileWithRules_AppliesObjectPathDefaultsOverridesAndAllowedStreams()
    {
        var options = new StreamConfigOptions
        {
            Uri = Write("streams.json", """{"streams":{"a":{"topics":["eqiad.a","codfw.a"]},"b":{"topics":["b"]},"c":{"topics":["c"]}}}"""),
            ObjectPath = "streams",
            Defaults = "a: {description: From defaults.}",
            Overrides = """{"a":{"topics":["eqiad.a"]}}""",
            AllowedStreams = ["a", "b"],
        };
        var streams = await Loader(options).LoadAsync();
        Assert.Equal(["a", "b"], streams.Select(s => s.Name));
        Assert.Equal(["eqiad.a"], streams[0].Topics);
        Assert.Equal("From defaults.", streams[0].Description);
    }

    [Fact]
    public async Task LoadAsync_Schema_FetchedFromTheFirstBaseThatHasIt()
    {
        Directory.CreateDirectory(Path.Combine(_directory, "secondary", "mediawiki", "recentchange"));
        Write("secondary/mediawiki/recentchange/latest", "title: mediawiki/recentchange\ntype: object\nproperties: {id: {type: integer}}\n");
        var options = new StreamConfigOptions
        {
            Uri = Write("s.yaml", "rc: {topics: [t], schema_title: mediawiki/recentchange, stream_aliases: [recentchange]}"),
            SchemaBaseUris = [new Uri(Path.Combine(_directory, "primary")).AbsoluteUri, new Uri(Path.Combine(_directory, "secondary")).AbsoluteUri],
            SchemaLatestVersion = "latest",
        };
        var streams = await Loader(options).LoadAsync();
        const string Schema = """{"title":"mediawiki/recentchange","type":"object","properties":{"id":{"type":"integer"}}}""";
        Assert.Equal([Schema, Schema], streams.Select(s => s.SchemaJson));
    }

    [Fact]
    public async Task LoadAsync_SchemaFetchFails_StreamIsServedWithoutSchema()
    {
        var failuresBefore = StreamConfigMetrics.SchemaFetchFailures.Value;
        var options = new StreamConfigOptions
        {
            Uri = Write("s.yaml", "a: {topics: [t], $schema: /missing/1.0.0}"),
            SchemaBaseUris = [new Uri(Path.Combine(_directory, "nowhere")).AbsoluteUri],
        };
        var streams = await Loader(options).LoadAsync();
        Assert.Equal(("a", null), (streams[0].Name, streams[0].SchemaJson));
        Assert.True(StreamConfigMetrics.SchemaFetchFailures.Value > failuresBefore);
    }

    [Fact]
    public async Task LoadAsync_MissingFile_ThrowsNamingTheKeyAndLocation()
    {
        var missing = Path.Combine(_directory, "missing.yaml");
        var error = await Assert.ThrowsAsync<InvalidConfigurationException>(() => Loader(new StreamConfigOptions { Uri = missing }).LoadAsync());
        Assert.Contains("stream_config_uri", error.Message);
        Assert.Contains(missing, error.Message);
    }

    [Fact]
    public async Task LoadOnceAsync_FileUri_IsReadWithoutAHost()
    {
        var uri = new Uri(Write("s.yaml", "a: {topics: [t]}")).AbsoluteUri;
        Assert.Equal(["a"], (await StreamConfigLoader.LoadOnceAsync(new StreamConfigOptions { Uri = uri })).Select(s => s.Name));
    }

    private StreamConfigLoader Loader(StreamConfigOptions options) =>
        new(Options.Create(options), _fetcher, new SchemaFetcher(_fetcher, Options.Create(options), NullLogger<SchemaFetcher>.Instance));

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose()
    {
        _fetcher.Dispose();
        Directory.Delete(_directory, recursive: true);
    }
}
