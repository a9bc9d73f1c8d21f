namespace EventStreams.Gateway.Http;

/// <summary>A response-specific CSP, which the service headers use instead of the configured one.</summary>
public static class ContentSecurityPolicy
{
    /// <summary>The original's CSP for its API documentation page and assets (it loads scripts, styles and data: images).</summary>
    public const string Docs = "default-src 'none'; script-src 'self' 'unsafe-inline'; connect-src *; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self';";

    private static readonly object ItemKey = new();

    public static void Set(HttpContext context, string policy) => context.Items[ItemKey] = policy;

    public static string? Get(HttpContext context) => context.Items.TryGetValue(ItemKey, out var policy) ? policy as string : null;
}
