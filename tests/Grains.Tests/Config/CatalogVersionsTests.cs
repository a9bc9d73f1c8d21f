using EventStreams.Grains.Config;
using EventStreams.Grains.Interfaces.Config;

namespace EventStreams.Grains.Tests.Config;

public sealed class CatalogVersionsTests
{
    private static StreamDefinition[] Streams(params string[] topics) => [new StreamDefinition("s", topics, topics, "d", null, null)];

    [Fact]
    public void Update_First_StartsAtTheLoadTime()
    {
        var versions = new CatalogVersions();
        Assert.True(versions.Update(Streams("a"), nowUnixMilliseconds: 1000));
        Assert.Equal(1000, versions.Current!.Version);
    }

    [Fact]
    public void Update_SameContentInNewArrays_KeepsTheVersion()
    {
        var versions = new CatalogVersions();
        versions.Update(Streams("a"), 1000);
        Assert.False(versions.Update(Streams("a"), 5000));
        Assert.Equal(1000, versions.Current!.Version);
    }

    [Fact]
    public void Update_ChangedContent_BumpsTheVersion()
    {
        var versions = new CatalogVersions();
        versions.Update(Streams("a"), 1000);
        Assert.True(versions.Update(Streams("a", "b"), 5000));
        Assert.Equal((5000L, 2), (versions.Current!.Version, versions.Current.Streams[0].Topics.Length));
    }

    [Fact]
    public void Update_ClockBehind_StillIncreasesTheVersion()
    {
        var versions = new CatalogVersions();
        versions.Update(Streams("a"), 1000);
        versions.Update(Streams("b"), 10);
        Assert.Equal(1001, versions.Current!.Version);
    }

    [Fact]
    public void Update_SchemaChange_CountsAsAChange()
    {
        var versions = new CatalogVersions();
        versions.Update(Streams("a"), 1000);
        Assert.True(versions.Update([Streams("a")[0] with { SchemaJson = "{}" }], 2000));
    }
}
