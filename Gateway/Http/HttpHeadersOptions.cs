using EventStreams.Hosting;

namespace EventStreams.Gateway.Http;

/// <summary>The original's app-wide response headers; bound from the "Http" section.</summary>
public sealed class HttpHeadersOptions : IValidatableOptions
{
    public const string SectionName = "Http";

    /// <summary>The value that turns a header group off, as the original's <c>cors: false</c> / <c>csp: false</c>.</summary>
    public const string Off = "false";

    public const string DefaultCsp = "default-src 'self'; object-src 'none'; media-src *; img-src *; style-src *; frame-ancestors 'self'";

    /// <summary>access-control-allow-origin; "false" sends none of the three CORS headers.</summary>
    public string Cors { get; set; } = "*";

    /// <summary>
    /// The three CSP headers' value; "false" sends neither them nor x-xss-protection,
    /// x-content-type-options and x-frame-options (the original's template sets all six together).
    /// </summary>
    public string Csp { get; set; } = DefaultCsp;

    public bool CorsEnabled => !string.Equals(Cors, Off, StringComparison.OrdinalIgnoreCase);

    public bool CspEnabled => !string.Equals(Csp, Off, StringComparison.OrdinalIgnoreCase);

    public string? Validate() => OptionErrors.Of(Check(nameof(Cors), Cors), Check(nameof(Csp), Csp));

    private static string? Check(string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return $"{SectionName}:{key} must be a header value or '{Off}' (was empty).";
        if (value.Any(char.IsControl))
            return $"{SectionName}:{key} must not contain control characters such as line breaks.";
        return null;
    }
}
