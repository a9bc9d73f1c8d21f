using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Filtering;

/// <summary>
/// Reads a stream request's filter: any number of <c>where</c> parameters, all of which must hold,
/// and <c>canary</c>. Grammar of one condition:
/// <list type="bullet">
/// <item><c>path=v1|v2</c>: the field equals one of the values (<c>*</c> at a value's start or end is a wildcard);</item>
/// <item><c>path!=v1|v2</c>: the field is absent or equals none of them;</item>
/// <item><c>path</c>: the field is present; <c>!path</c>: it is absent.</item>
/// </list>
/// A path is names of letters, digits, <c>_</c> and <c>-</c> joined by dots (<c>meta.domain</c>).
/// Canary events (<c>meta.domain</c> = <c>canary</c>) are left out of filtered streams unless
/// <c>canary=include</c>; an unfiltered stream keeps them, exactly as the original, unless
/// <c>canary=exclude</c>. Every refusal says what is wrong, for a 400.
/// </summary>
internal static class FilterParser
{
    public const string WhereParameter = "where";
    public const string CanaryParameter = "canary";
    public const string CanaryDomain = "canary";

    /// <summary>Conditions per request: a URL of ten is still short, and each costs every event a look.</summary>
    public const int MaxConditions = 10;

    /// <summary>Values one condition may list: enough for a family of wikis, few enough to stay cheap.</summary>
    public const int MaxValues = 50;

    /// <summary>Characters in one condition, path and values together.</summary>
    public const int MaxConditionLength = 512;

    /// <summary>Names in one path: events nest a few levels at most.</summary>
    public const int MaxPathSegments = 10;

    private static readonly FilterCondition ExcludeCanary = new(["meta", "domain"], FilterOperator.NotEquals, [CanaryDomain]);

    /// <summary>Null filter when the request asks for none (the stream is unfiltered); false with a message when it is malformed.</summary>
    public static bool TryParse(StringValues where, StringValues canary, out EventFilter? filter, out string? error)
    {
        filter = null;
        error = null;
        if (where.Count > MaxConditions)
        {
            error = $"Too many where conditions: {where.Count} (at most {MaxConditions}).";
            return false;
        }
        var conditions = new List<FilterCondition>(where.Count + 1);
        foreach (var text in where)
        {
            if (!TryParseCondition(text ?? "", out var condition, out error))
            {
                return false;
            }
            conditions.Add(condition);
        }
        bool? includeCanary = canary.Count == 0 ? null : canary.ToString() switch
        {
            "include" => true,
            "exclude" => false,
            _ => null,
        };
        if (canary.Count > 0 && includeCanary is null)
        {
            error = $"canary must be include or exclude (was '{Quoted(canary.ToString())}').";
            return false;
        }
        if (includeCanary == false || (includeCanary is null && conditions.Count > 0))
        {
            conditions.Add(ExcludeCanary);
        }
        filter = conditions.Count > 0 ? new EventFilter(conditions) : null;
        return true;
    }

    private static bool TryParseCondition(string text, out FilterCondition condition, out string? error)
    {
        condition = null!;
        error = null;
        var where = $"where={Quoted(text)}";
        if (text.Length == 0)
        {
            error = "A where condition is empty: write path=value, path!=value, path or !path.";
            return false;
        }
        if (text.Length > MaxConditionLength)
        {
            error = $"{where} is too long: {text.Length} characters (at most {MaxConditionLength}).";
            return false;
        }
        var negated = text[0] == '!';
        var at = negated ? 1 : 0;
        var pathStart = at;
        while (at < text.Length && IsPathChar(text[at]))
        {
            at++;
        }
        var pathText = text[pathStart..at];
        var opEnd = at;
        while (opEnd < text.Length && IsOperatorChar(text[opEnd]))
        {
            opEnd++;
        }
        var op = text[at..opEnd];
        if (pathText.Length == 0)
        {
            error = op.Length > 0 || at == text.Length
                ? $"{where}: the path is empty."
                : $"{where}: '{text[at]}' cannot be in a path (names of letters, digits, _ and -, joined by dots).";
            return false;
        }
        var path = pathText.Split('.');
        if (path.Any(s => s.Length == 0))
        {
            error = $"{where}: the path has an empty name (two dots, or a dot at an end).";
            return false;
        }
        if (path.Length > MaxPathSegments)
        {
            error = $"{where}: the path has {path.Length} names (at most {MaxPathSegments}).";
            return false;
        }
        if (op.Length == 0)
        {
            if (at < text.Length)
            {
                error = $"{where}: '{text[at]}' cannot be in a path (names of letters, digits, _ and -, joined by dots).";
                return false;
            }
            condition = new FilterCondition(path, negated ? FilterOperator.Absent : FilterOperator.Present, []);
            return true;
        }
        if (negated || op is not ("=" or "!="))
        {
            error = negated
                ? $"{where}: !path takes no value (write path!=value to exclude values)."
                : $"{where}: unknown operator '{op}' (use =, !=, a path alone for present, or !path for absent).";
            return false;
        }
        var valuesText = text[opEnd..];
        if (valuesText.Length == 0)
        {
            error = $"{where}: a value must follow '{op}'.";
            return false;
        }
        var values = valuesText.Split('|');
        if (values.Any(v => v.Length == 0))
        {
            error = $"{where}: a value between '|' is empty.";
            return false;
        }
        if (values.Length > MaxValues)
        {
            error = $"{where}: too many values: {values.Length} (at most {MaxValues}).";
            return false;
        }
        condition = new FilterCondition(path, op == "=" ? FilterOperator.Equals : FilterOperator.NotEquals, values);
        return true;
    }

    private static bool IsPathChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '-' or '.';

    private static bool IsOperatorChar(char c) => c is '=' or '!' or '<' or '>' or '~' or '^' or ':' or '%' or '$';

    // Enough of the text to recognise it, never a whole hostile parameter.
    private static string Quoted(string text) => text.Length > 64 ? text[..64] + "…" : text;
}
