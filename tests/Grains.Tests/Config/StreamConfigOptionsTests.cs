using EventStreams.Grains.Config;

namespace EventStreams.Grains.Tests.Config;

public sealed class StreamConfigOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreValid() => Assert.Null(new StreamConfigOptions().Validate());

    [Theory]
    [InlineData("StreamConfig:Uri (stream_config_uri)", nameof(StreamConfigOptions.Uri), " ")]
    [InlineData("StreamConfig:TtlSeconds (stream_config_ttl)", nameof(StreamConfigOptions.TtlSeconds), "-1")]
    [InlineData("StreamConfig:ObjectPath (stream_config_object_path)", nameof(StreamConfigOptions.ObjectPath), "a..b")]
    [InlineData("StreamConfig:Defaults (stream_config_defaults) must be a mapping", nameof(StreamConfigOptions.Defaults), "[1, 2]")]
    [InlineData("StreamConfig:Overrides (stream_config_overrides) is not valid YAML", nameof(StreamConfigOptions.Overrides), "a: [")]
    [InlineData("StreamConfig:UserAgent (user_agent)", nameof(StreamConfigOptions.UserAgent), "")]
    [InlineData("StreamConfig:SchemaBaseUris (schema_base_uris)", nameof(StreamConfigOptions.SchemaBaseUris), "relative/path")]
    public void Validate_BadValue_NamesBothKeys(string expected, string property, string value)
    {
        var options = new StreamConfigOptions();
        switch (property)
        {
            case nameof(StreamConfigOptions.Uri): options.Uri = value; break;
            case nameof(StreamConfigOptions.TtlSeconds): options.TtlSeconds = double.Parse(value); break;
            case nameof(StreamConfigOptions.ObjectPath): options.ObjectPath = value; break;
            case nameof(StreamConfigOptions.Defaults): options.Defaults = value; break;
            case nameof(StreamConfigOptions.Overrides): options.Overrides = value; break;
            case nameof(StreamConfigOptions.UserAgent): options.UserAgent = value; break;
            case nameof(StreamConfigOptions.SchemaBaseUris): options.SchemaBaseUris = [value]; break;
        }
        Assert.StartsWith(expected, options.Validate());
    }

    [Fact]
    public void Validate_DefaultsAsJson_AreValid()
    {
        var options = new StreamConfigOptions { Defaults = """{"s":{"topics":["t"]}}""", Overrides = "s: {topics: [u]}" };
        Assert.Null(options.Validate());
    }
}
