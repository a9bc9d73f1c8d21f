using System.Globalization;
using System.Text.Json;

namespace EventStreams.Gateway.Filtering;

/// <summary>What a condition asks of the field at its path.</summary>
internal enum FilterOperator
{
    /// <summary><c>path=v1|v2</c>: the field is present and matches one of the values.</summary>
    Equals,

    /// <summary><c>path!=v1|v2</c>: the field is absent, or matches none of the values.</summary>
    NotEquals,

    /// <summary><c>path</c>: the field is present (any value, null included).</summary>
    Present,

    /// <summary><c>!path</c>: the field is absent.</summary>
    Absent,
}

/// <summary>
/// One condition of a filter: a dotted path into the event's JSON and what the field there must be.
/// A value matches a string field by its text (<c>*</c> at the start or end is a wildcard), a
/// number field by its numeric value (<c>0</c> matches <c>0.0</c>), and <c>true</c>, <c>false</c>
/// and <c>null</c> the JSON literals. An array field matches when one of its elements does; an
/// object field never equals a value. Values are sorted and deduplicated, so equal conditions
/// written two ways are one.
/// </summary>
internal sealed class FilterCondition
{
    public FilterCondition(string[] path, FilterOperator op, IEnumerable<string> values)
    {
        Path = path;
        Operator = op;
        Values = [.. values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        _patterns = [.. Values.Select(ValuePattern.Parse)];
    }

    private readonly ValuePattern[] _patterns;

    public string[] Path { get; }

    public FilterOperator Operator { get; }

    public string[] Values { get; }

    /// <summary>The condition as written in its normal form: <c>meta.domain=a|b</c>, <c>bot!=true</c>, <c>rev_id</c>, <c>!rev_id</c>.</summary>
    public string Text => Operator switch
    {
        FilterOperator.Equals => $"{string.Join('.', Path)}={string.Join('|', Values)}",
        FilterOperator.NotEquals => $"{string.Join('.', Path)}!={string.Join('|', Values)}",
        FilterOperator.Present => string.Join('.', Path),
        _ => "!" + string.Join('.', Path),
    };

    public bool Matches(JsonElement root)
    {
        var found = TryFind(root, out var field);
        return Operator switch
        {
            FilterOperator.Present => found,
            FilterOperator.Absent => !found,
            FilterOperator.Equals => found && MatchesAny(field),
            _ => !found || !MatchesAny(field),
        };
    }

    private bool TryFind(JsonElement root, out JsonElement field)
    {
        field = root;
        foreach (var segment in Path)
        {
            if (field.ValueKind != JsonValueKind.Object || !field.TryGetProperty(segment, out field))
            {
                return false;
            }
        }
        return true;
    }

    private bool MatchesAny(JsonElement field)
    {
        if (field.ValueKind == JsonValueKind.Array)
        {
            foreach (var element in field.EnumerateArray())
            {
                if (MatchesScalar(element))
                {
                    return true;
                }
            }
            return false;
        }
        return MatchesScalar(field);
    }

    private bool MatchesScalar(JsonElement field)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(field))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>One value of a condition, prepared once: its text, wildcard ends, and number form.</summary>
    private sealed class ValuePattern(string text, bool anyPrefix, bool anySuffix, decimal? number)
    {
        public static ValuePattern Parse(string value)
        {
            var anyPrefix = value.Length > 1 && value[0] == '*';
            var anySuffix = value.Length > 1 && value[^1] == '*';
            var core = value[(anyPrefix ? 1 : 0)..(anySuffix ? value.Length - 1 : value.Length)];
            decimal? number = decimal.TryParse(value, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
                CultureInfo.InvariantCulture, out var n) ? n : null;
            return new ValuePattern(anyPrefix || anySuffix ? core : value, anyPrefix, anySuffix, number);
        }

        public bool Matches(JsonElement field) => field.ValueKind switch
        {
            JsonValueKind.String when anyPrefix || anySuffix => MatchesWildcard(field.GetString()!),
            JsonValueKind.String => field.ValueEquals(text),
            JsonValueKind.Number => number is { } n && field.TryGetDecimal(out var d) && d == n,
            JsonValueKind.True => !anyPrefix && !anySuffix && text == "true",
            JsonValueKind.False => !anyPrefix && !anySuffix && text == "false",
            JsonValueKind.Null => !anyPrefix && !anySuffix && text == "null",
            _ => false,
        };

        private bool MatchesWildcard(string value) => (anyPrefix, anySuffix) switch
        {
            (true, true) => value.Contains(text, StringComparison.Ordinal),
            (true, false) => value.EndsWith(text, StringComparison.Ordinal),
            _ => value.StartsWith(text, StringComparison.Ordinal),
        };
    }
}
