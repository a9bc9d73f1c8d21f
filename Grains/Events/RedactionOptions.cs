using EventStreams.Hosting;

namespace EventStreams.Grains.Events;

/// <summary>
/// Pages whose events are redacted (the original's mediawiki_redacted_pages, T354456);
/// bound from the "Redaction" section. Empty (the default) means nothing is redacted.
/// </summary>
public sealed class RedactionOptions : IValidatableOptions
{
    public const string SectionName = "Redaction";

    /// <summary>
    /// Wiki domain (meta.domain, e.g. ru.wikipedia.org) → page titles. Titles are compared after
    /// normalisation (trimmed, runs of spaces as '_', lower-case); null entries are ignored.
    /// </summary>
    public Dictionary<string, List<string?>> Pages { get; set; } = [];

    public string? Validate()
    {
        var errors = new OptionErrors();
        foreach (var domain in Pages.Keys)
        {
            if (string.IsNullOrWhiteSpace(domain) || domain.Trim() != domain)
            {
                errors.Add($"{SectionName}:{nameof(Pages)} has a wiki domain that is empty or has surrounding spaces (was '{domain}').");
            }
        }
        return errors.Message;
    }
}
