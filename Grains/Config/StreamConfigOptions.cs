using EventStreams.Grains.Interfaces.Hosting;

namespace EventStreams.Grains.Config;

/// <summary>Where the stream configuration comes from; bound from the "StreamConfig" section.</summary>
public sealed class StreamConfigOptions : IValidatableOptions
{
    public const string SectionName = "StreamConfig";

    /// <summary>A local path (relative to the working directory) or file:// URI of a YAML or JSON document.</summary>
    public string Uri { get; set; } = "stream-config.yaml";

    public string? Validate() =>
        string.IsNullOrWhiteSpace(Uri) ? $"{SectionName}:{nameof(Uri)} must name the stream configuration file." : null;
}
