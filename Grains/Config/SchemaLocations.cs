namespace EventStreams.Grains.Config;

/// <summary>Where a stream's JSON schema is looked for, first to last (the original's order).</summary>
public static class SchemaLocations
{
    /// <summary>
    /// An absolute $schema is used as it is; a relative one is appended to each base URI in turn.
    /// Without $schema, base URIs plus a latest version give /{schema_title}/{latest} under each base.
    /// Otherwise the stream has no schema to fetch.
    /// </summary>
    public static IReadOnlyList<string> For(ConfiguredStream stream, IReadOnlyList<string> baseUris, string? latestVersion)
    {
        if (stream.SchemaUri is { Length: > 0 } schemaUri)
        {
            // Only an explicit scheme makes it absolute: on Unix, .NET would take "/a/b/1.0.0" for a file path.
            if (schemaUri.Contains("://", StringComparison.Ordinal))
            {
                return [schemaUri];
            }
            return [.. baseUris.Select(b => Join(b, schemaUri))];
        }
        if (baseUris.Count > 0 && latestVersion is { Length: > 0 } && stream.SchemaTitle is { Length: > 0 } title)
        {
            return [.. baseUris.Select(b => Join(b, $"/{title}/{latestVersion}"))];
        }
        return [];
    }

    // Appended, not resolved: a base such as http://host/repositories/primary/jsonschema keeps its path.
    private static string Join(string baseUri, string path) => $"{baseUri.TrimEnd('/')}/{path.TrimStart('/')}";
}
