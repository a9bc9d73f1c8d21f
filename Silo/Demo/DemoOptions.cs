using EventStreams.Hosting;

namespace EventStreams.Silo.Demo;

/// <summary>The synthetic event producer of the single-machine demo; bound from "Demo".</summary>
public sealed class DemoOptions : IValidatableOptions
{
    public const string SectionName = "Demo";

    public bool Enabled { get; set; }

    public double EventsPerSecond { get; set; } = 4;

    public string? Validate() => EventsPerSecond is > 0 and <= 10_000
        ? null
        : $"{SectionName}:{nameof(EventsPerSecond)} must be above 0 and at most 10000 (was {EventsPerSecond}).";
}
