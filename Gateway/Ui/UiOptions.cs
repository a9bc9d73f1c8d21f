using EventStreams.Hosting;

namespace EventStreams.Gateway.Ui;

/// <summary>The HTML stream UI at /v2/ui (the original's stream_ui_enabled); bound from the "Ui" section.</summary>
public sealed class UiOptions : IValidatableOptions
{
    public const string SectionName = "Ui";

    /// <summary>The page a UI must have for "/" to send browsers to it.</summary>
    public const string IndexFile = "index.html";

    /// <summary>
    /// Serve the UI at /v2/ui and send browsers on "/" to it. On by default, as in the original's
    /// production (whose code could not even turn it off).
    /// </summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// An operator's own UI (the original's ui/dist): static files with an index.html, served
    /// instead of the built-in stream explorer. Unset: the built-in one.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>True when an operator's directory replaces the built-in UI.</summary>
    public bool UsesDirectory => Directory is { Length: > 0 };

    /// <summary>
    /// True when the UI is enabled and there is one to serve: the built-in one always, an
    /// operator's directory when it has an index.html (as the original's root route checked).
    /// </summary>
    public bool Available => Enabled && (!UsesDirectory || File.Exists(Path.Combine(Directory!, IndexFile)));

    public string? Validate() =>
        Enabled && UsesDirectory && !System.IO.Directory.Exists(Directory)
            ? $"{SectionName}:{nameof(Directory)} must be an existing directory with the built UI (was '{Directory}')."
            : null;
}
