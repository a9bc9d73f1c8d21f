using System.Globalization;

namespace EventStreams.Gateway.Api;

/// <summary>
/// The `since` query parameter: ISO 8601 (a date-time without a zone is UTC), RFC 1123/2822,
/// or epoch milliseconds; a number below <see cref="SecondsThreshold"/> is epoch seconds.
/// The original sent every numeric value down a path that replayed from the start of retention;
/// we read numbers as the documentation always promised.
/// </summary>
internal static class Since
{
    /// <summary>100000000000 ms is March 1973, while as seconds it is the year 5138: below it, a number is seconds.</summary>
    public const long SecondsThreshold = 100_000_000_000;

    /// <summary>Spaces and tabs around the value are tolerated (a copied date often has some); nothing else is trimmed.</summary>
    private static readonly char[] SurroundingWhitespace = [' ', '\t'];

    private static readonly string[] RfcFormats =
    [
        "r",
        "ddd, d MMM yyyy HH:mm:ss zzz",
        "ddd, d MMM yyyy HH:mm:ss 'GMT'",
        "ddd, d MMM yyyy HH:mm:ss 'UTC'",
        "d MMM yyyy HH:mm:ss zzz",
        "d MMM yyyy HH:mm:ss 'GMT'",
    ];

    /// <summary>
    /// Null when absent or empty (no playback); false when present but not a timestamp. A date before
    /// the epoch is returned as it is (negative); the planner starts such a playback at the oldest
    /// message kept (<see cref="StartTime"/>).
    /// </summary>
    public static bool TryParse(string? raw, out long? epochMilliseconds)
    {
        epochMilliseconds = null;
        if (string.IsNullOrEmpty(raw))
        {
            return true;
        }
        var text = raw.Trim(SurroundingWhitespace);
        // Every accepted form is printable ASCII. .NET's number and date parsers stop at a NUL and
        // ignore the rest ("1\0garbage" read as 1), so anything else is refused before they see it.
        if (text.AsSpan().ContainsAnyExceptInRange(' ', '~'))
        {
            return false;
        }
        if (decimal.TryParse(text, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
        {
            var ms = number < SecondsThreshold ? number * 1000 : number;
            if (ms > long.MaxValue / 2)
            {
                return false;
            }
            epochMilliseconds = (long)decimal.Floor(ms);
            return true;
        }
        if (LooksIso(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var iso))
        {
            epochMilliseconds = iso.ToUnixTimeMilliseconds();
            return true;
        }
        if (DateTimeOffset.TryParseExact(text, RfcFormats, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowInnerWhite, out var rfc))
        {
            epochMilliseconds = rfc.ToUnixTimeMilliseconds();
            return true;
        }
        return false;
    }

    // yyyy-MM-dd…: anything else that .NET would guess at (e.g. 11/12/2026) is refused, not guessed.
    private static bool LooksIso(string text) =>
        text.Length >= 10 && char.IsAsciiDigit(text[0]) && char.IsAsciiDigit(text[3]) && text[4] == '-' && text[7] == '-';
}
