using System.Collections.Frozen;
using System.Reflection;
using System.Security.Cryptography;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace EventStreams.Gateway.Ui;

/// <summary>
/// The stream explorer that ships with the service: plain HTML, CSS and JavaScript modules under
/// Ui/Assets, embedded in the assembly (no build step, nothing fetched at run time), read once.
/// </summary>
internal static class BuiltInUi
{
    /// <summary>The embedded resources' names start with this; the rest is the path under /v2/ui/ (see Gateway.csproj).</summary>
    private const string ResourcePrefix = "EventStreams.Gateway.Ui.Assets/";

    // How many hex digits of the content's SHA-256 name a version in the ETag: 64 bits, no collisions in practice.
    private const int ETagHexDigits = 16;

    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    /// <summary>Path under /v2/ui/ (e.g. "js/main.js") → file.</summary>
    public static readonly FrozenDictionary<string, UiAsset> Files = Load();

    private static FrozenDictionary<string, UiAsset> Load()
    {
        var assembly = typeof(BuiltInUi).Assembly;
        var files = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            .ToFrozenDictionary(name => name[ResourcePrefix.Length..], name => Read(assembly, name), StringComparer.Ordinal);
        return files.ContainsKey(UiOptions.IndexFile)
            ? files
            : throw new InvalidOperationException($"The built-in UI's {UiOptions.IndexFile} is missing from the build.");
    }

    private static UiAsset Read(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)!;
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        var content = copy.ToArray();
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(content))[..ETagHexDigits]}\"");
        return new UiAsset(content, ContentType(resource), etag);
    }

    private static string ContentType(string resource)
    {
        var type = ContentTypes.TryGetContentType(resource, out var known) ? known : "application/octet-stream";
        // Every text file of the UI is UTF-8; module scripts must come with a JavaScript type.
        return type.StartsWith("text/", StringComparison.Ordinal) || type == "image/svg+xml" ? type + "; charset=utf-8" : type;
    }
}
