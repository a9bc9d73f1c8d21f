using System.Text.Json;

namespace EventStreams.Gateway.Filtering;

/// <summary>
/// A parsed, normalised server-side filter: conditions that must all hold. Parsed once per
/// request; connections whose filters are equal share one <see cref="Key"/>, and with it one
/// evaluation per event on a feed (<see cref="Streaming.FeedFilters"/>).
/// </summary>
internal sealed class EventFilter
{
    public EventFilter(IEnumerable<FilterCondition> conditions)
    {
        Conditions = [.. conditions.DistinctBy(c => c.Text).OrderBy(c => c.Text, StringComparer.Ordinal)];
        Key = string.Join('&', Conditions.Select(c => "where=" + c.Text));
    }

    public FilterCondition[] Conditions { get; }

    /// <summary>The normal form, as query parameters: equal filters have equal keys.</summary>
    public string Key { get; }

    public bool Matches(JsonElement root)
    {
        foreach (var condition in Conditions)
        {
            if (!condition.Matches(root))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Parses the event once and matches it; for events no feed has evaluated (history).</summary>
    public bool Matches(byte[] eventJson)
    {
        using var document = JsonDocument.Parse(eventJson);
        return Matches(document.RootElement);
    }
}
