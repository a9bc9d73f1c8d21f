namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>Where the repository's programs were built: the same configuration as this test assembly.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>The built program of a project (Silo, Gateway): &lt;project&gt;/bin/&lt;configuration&gt;/net10.0/EventStreams.&lt;project&gt;.dll.</summary>
    public static string ProgramPath(string project)
    {
        // This assembly runs from tests/Cluster.Tests/bin/<configuration>/<framework>/.
        var framework = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = framework.Parent!.Name;
        var path = Path.Combine(Root, project, "bin", configuration, framework.Name, $"EventStreams.{project}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{project} is not built at {path}.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EventStreams.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No EventStreams.sln above {AppContext.BaseDirectory}.");
    }
}
