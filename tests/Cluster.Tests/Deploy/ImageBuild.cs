using System.Diagnostics;
using System.Text.RegularExpressions;
using EventStreams.Cluster.Tests.Infrastructure;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>What an image holds and runs: its final stage's files (a folder here), entrypoint, user and working directory.</summary>
public sealed record ImageOutput(string Directory, string[] Entrypoint, string User, string[] ExposedPorts);

/// <summary>
/// Builds one of the project's images without a container engine: the build context (the
/// repository less .dockerignore) is copied to a folder standing for the build stage's WORKDIR,
/// the build stage's RUN lines run there as written (ARG defaults, or the given build args,
/// substituted; the stage's output folder mapped to a folder of its own), and the final stage,
/// which may only COPY from the build stage, becomes that output folder. Images share one context
/// copy, so the second build reuses the first one's compiled projects, as a layer cache would.
/// </summary>
public sealed partial class ImageBuild(string root)
{
    private readonly string _context = Path.Combine(root, "src");
    private bool _copied;

    public async Task<ImageOutput> BuildAsync(string dockerfile, string outputName, IReadOnlyDictionary<string, string>? buildArgs = null)
    {
        var stages = Dockerfile.Parse(Path.Combine(Repository.Root, dockerfile));
        var (build, final) = (stages[0], stages[^1]);
        var copy = Assert.Single(final.Arguments("COPY"));
        var from = CopyFrom().Match(copy);
        Assert.True(from.Success && from.Groups[1].Value == build.Name, $"{dockerfile}: the final stage must COPY --from={build.Name} only (was '{copy}').");
        var stageOutput = from.Groups[2].Value;
        var output = Directory.CreateDirectory(Path.Combine(root, outputName)).FullName;

        if (!_copied)
        {
            CopyContext();
            _copied = true;
        }
        var args = build.Arguments("ARG").Select(a => a.Split('=', 2)).ToDictionary(a => a[0], a => a.Length > 1 ? a[1] : "");
        foreach (var (key, value) in buildArgs ?? new Dictionary<string, string>())
        {
            Assert.True(args.ContainsKey(key), $"{dockerfile} has no ARG {key}");
            args[key] = value;
        }
        foreach (var run in build.Arguments("RUN"))
        {
            var command = Regex.Replace(run, @"\$\{?(\w+)\}?", m => args.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);
            command = Regex.Replace(command, $@"(?<=\s){Regex.Escape(stageOutput)}(?=\s|$)", output);
            await RunAsync(command, dockerfile);
        }
        return new ImageOutput(output, Dockerfile.ExecForm(final.Last("ENTRYPOINT")!), final.Last("USER") ?? "root",
            [.. final.Arguments("EXPOSE").SelectMany(e => e.Split(' ', StringSplitOptions.RemoveEmptyEntries))]);
    }

    private async Task RunAsync(string command, string dockerfile)
    {
        var start = new ProcessStartInfo("bash", ["-c", command])
        {
            WorkingDirectory = _context,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{dockerfile}: RUN {command} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }

    /// <summary>The build context: the repository less what .dockerignore names (folder patterns, anywhere with **/ or from the root).</summary>
    private void CopyContext()
    {
        var patterns = File.ReadAllLines(Path.Combine(Repository.Root, ".dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(p => p.TrimEnd('/')).ToArray();
        bool Ignored(string relative)
        {
            var segments = relative.Split(Path.DirectorySeparatorChar);
            return patterns.Any(p => p.StartsWith("**/", StringComparison.Ordinal)
                ? segments.Contains(p[3..])
                : relative == p || relative.StartsWith(p + Path.DirectorySeparatorChar, StringComparison.Ordinal));
        }
        foreach (var file in Directory.EnumerateFiles(Repository.Root, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(Repository.Root, file);
            if (Ignored(relative))
            {
                continue;
            }
            var target = Path.Combine(_context, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^--from=(\S+)\s+(\S+)\s+\.$")]
    private static partial Regex CopyFrom();
}
