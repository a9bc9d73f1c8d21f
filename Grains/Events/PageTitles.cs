using System.Globalization;
using System.Text;

namespace EventStreams.Grains.Events;

/// <summary>
/// The original's normalizePageTitle: String(t).trim(), each run of spaces → '_', toLowerCase().
/// Only U+0020 runs are collapsed (tabs and underscores stay). Trimming and lower-casing follow
/// JavaScript, not .NET: trim uses ECMAScript's whitespace set, and lower-casing adds the two
/// context-free special cases JavaScript applies (İ → i̇, and a word-final Σ → ς).
/// </summary>
public static class PageTitles
{
    private const char CapitalIWithDot = '\u0130';
    private const string SmallIWithCombiningDot = "i\u0307";
    private const char CapitalSigma = '\u03A3';
    private const char SmallSigma = '\u03C3';
    private const char FinalSigma = '\u03C2';

    public static string? Normalize(string? title)
    {
        if (title is null)
        {
            return null;
        }
        var trimmed = TrimJs(title);
        var builder = new StringBuilder(trimmed.Length);
        for (var i = 0; i < trimmed.Length; i++)
        {
            var c = trimmed[i];
            if (c == ' ')
            {
                builder.Append('_');
                while (i + 1 < trimmed.Length && trimmed[i + 1] == ' ')
                {
                    i++;
                }
            }
            else if (c == CapitalIWithDot)
            {
                builder.Append(SmallIWithCombiningDot);
            }
            else if (c == CapitalSigma)
            {
                builder.Append(IsFinal(trimmed, i) ? FinalSigma : SmallSigma);
            }
            else if (char.IsHighSurrogate(c) && i + 1 < trimmed.Length && char.IsLowSurrogate(trimmed[i + 1]))
            {
                builder.Append(Rune.ToLowerInvariant(new Rune(c, trimmed[i + 1])).ToString());
                i++;
            }
            else
            {
                // A lone surrogate stays as it is, as in JavaScript.
                builder.Append(char.ToLowerInvariant(c));
            }
        }
        return builder.ToString();
    }

    /// <summary>ECMAScript's WhiteSpace and LineTerminator: unlike .NET it includes U+FEFF and excludes U+0085.</summary>
    private static bool IsJsWhiteSpace(char c) =>
        c is '\t' or '\n' or '\v' or '\f' or '\r' or '\uFEFF' or '\u2028' or '\u2029'
        || CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.SpaceSeparator;

    private static string TrimJs(string s)
    {
        int start = 0, end = s.Length;
        while (start < end && IsJsWhiteSpace(s[start]))
        {
            start++;
        }
        while (end > start && IsJsWhiteSpace(s[end - 1]))
        {
            end--;
        }
        return s[start..end];
    }

    /// <summary>
    /// Unicode's Final_Sigma condition: a cased letter before (skipping case-ignorable characters)
    /// and none after. Cased and case-ignorable are approximated by general category.
    /// </summary>
    private static bool IsFinal(string s, int index)
    {
        var before = index - 1;
        while (before >= 0 && IsCaseIgnorable(s[before]))
        {
            before--;
        }
        if (before < 0 || !IsCased(s[before]))
        {
            return false;
        }
        var after = index + 1;
        while (after < s.Length && IsCaseIgnorable(s[after]))
        {
            after++;
        }
        return after >= s.Length || !IsCased(s[after]);
    }

    private static bool IsCased(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter;

    private static bool IsCaseIgnorable(char c) =>
        c is '\'' or '.' or ':' or '\u00B7' or '\u2018' or '\u2019' or '\u2024' or '\u2027'
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.Format or UnicodeCategory.ModifierLetter or UnicodeCategory.ModifierSymbol;
}
