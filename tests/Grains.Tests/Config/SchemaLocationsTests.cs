using System.Text.Json.Nodes;
using EventStreams.Grains.Config;

namespace EventStreams.Grains.Tests.Config;

public sealed class SchemaLocationsTests
{
    private static readonly string[] Bases = ["http://schemas/repositories/primary/jsonschema/", "http://schemas/repositories/secondary/jsonschema"];

    private static ConfiguredStream Stream(string settings) => new("s", JsonNode.Parse(settings)!.AsObject());

    [Fact]
    public void For_RelativeSchema_IsAppendedToEachBaseInTurn() =>
        Assert.Equal(["http://schemas/repositories/primary/jsonschema/mediawiki/recentchange/1.0.0", "http://schemas/repositories/secondary/jsonschema/mediawiki/recentchange/1.0.0"],
            SchemaLocations.For(Stream("""{"$schema":"/mediawiki/recentchange/1.0.0","schema_title":"x"}"""), Bases, "latest"));

    [Fact]
    public void For_AbsoluteSchema_IsUsedAsItIs() =>
        Assert.Equal(["https://schema.example/x/1.0.0"], SchemaLocations.For(Stream("""{"$schema":"https://schema.example/x/1.0.0"}"""), Bases, null));

    [Fact]
    public void For_TitleAndLatestVersion_GiveTitleSlashLatestUnderEachBase() =>
        Assert.Equal(["http://schemas/repositories/primary/jsonschema/mediawiki/recentchange/latest", "http://schemas/repositories/secondary/jsonschema/mediawiki/recentchange/latest"],
            SchemaLocations.For(Stream("""{"schema_title":"mediawiki/recentchange"}"""), Bases, "latest"));

    [Theory]
    [InlineData("""{"schema_title":"t"}""", false, true)]  // no base URIs
    [InlineData("""{"schema_title":"t"}""", true, false)]  // no latest version
    [InlineData("""{}""", true, true)]                     // no title
    public void For_Incomplete_HasNoLocation(string settings, bool withBases, bool withLatest) =>
        Assert.Empty(SchemaLocations.For(Stream(settings), withBases ? Bases : [], withLatest ? "latest" : null));
}
