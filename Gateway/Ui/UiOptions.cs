using EventStreams.Hosting;

namespace EventStreams.Gateway.Ui;

/// <summary>The HTML stream UI at /v2/ui (the original's stream_ui_enabled); bound from the "Ui" section.</summary>
public sealed class UiOptions : IValidatableOptions
{
    public const string SectionName = "Ui";

    /// <summary>The page a UI must have for "/" to send browsers to it.</summary>
    public const string IndexFile = "index.html";

    /// <summary>Serve the UI and send "/" to it (when <see cref="Directory"/> holds one).</summary>
    public bool Enabled { get; set; }

    /// <summary>A built UI (the original's ui/dist): static files with an index.html.</summary>
    public string? Directory { get; set; }

    /// <summary>True when the UI is enabled and there is one to serve, as the original's root route checked.</summary>
    public bool Available => Enabled && Directory is { Length: > 0 } dir && File.Exists(Path.Combine(dir, IndexFile));

    public string? Validate() =>
        Enabled && Directory is { Length: > 0 } dir && !System.IO.Directory.Exists(dir)
            ? $"{SectionName}:{nameof(Directory)} must be an existing directory with the built UI (was '{dir}')."
            : null;
}
