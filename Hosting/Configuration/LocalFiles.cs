namespace EventStreams.Hosting.Configuration;

/// <summary>
/// Where a configuration file named by a relative path is: the working directory first, then
/// beside the program (where the example config.yaml and stream-config.yaml are copied), so the
/// host finds them from any directory. The one rule for every local file the service reads.
/// </summary>
public static class LocalFiles
{
    /// <summary>The file's full path, or null when it is in neither place (or an absolute path that does not exist).</summary>
    public static string? Find(string path)
    {
        if (Path.IsPathRooted(path))
        {
            return File.Exists(path) ? path : null;
        }
        var inWorkingDirectory = Path.GetFullPath(path);
        if (File.Exists(inWorkingDirectory))
        {
            return inWorkingDirectory;
        }
        var besideProgram = Path.Combine(AppContext.BaseDirectory, path);
        return File.Exists(besideProgram) ? besideProgram : null;
    }

    /// <summary>A path or file:// URI as a path to read: found as <see cref="Find"/> does, or as given (the read then says what is missing).</summary>
    public static string Resolve(string pathOrFileUri)
    {
        var path = pathOrFileUri.StartsWith("file://", StringComparison.OrdinalIgnoreCase) ? new Uri(pathOrFileUri).LocalPath : pathOrFileUri;
        return Find(path) ?? path;
    }
}
