using System.Text.Json;
using System.Text.RegularExpressions;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>One instruction of a Dockerfile: its keyword (upper case) and the rest of its line.</summary>
public sealed record DockerInstruction(string Keyword, string Arguments);

/// <summary>A FROM stage: its base image, its name (AS …) and its instructions.</summary>
public sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<string> Arguments(string keyword) => Instructions.Where(i => i.Keyword == keyword).Select(i => i.Arguments);

    public string? Last(string keyword) => Arguments(keyword).LastOrDefault();
}

/// <summary>The parts of a Dockerfile this project's images use: stages, instructions, continuation lines, comments.</summary>
public static partial class Dockerfile
{
    public static IReadOnlyList<DockerStage> Parse(string path)
    {
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var line in LogicalLines(File.ReadAllLines(path)))
        {
            var match = Instruction().Match(line);
            if (!match.Success)
            {
                throw new FormatException($"{path}: cannot read '{line}'.");
            }
            var (keyword, arguments) = (match.Groups[1].Value.ToUpperInvariant(), match.Groups[2].Value.Trim());
            if (keyword == "FROM")
            {
                var parts = arguments.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                current = [];
                stages.Add(new DockerStage(parts[0], parts.Length == 3 && parts[1].Equals("AS", StringComparison.OrdinalIgnoreCase) ? parts[2] : null, current));
                continue;
            }
            (current ?? throw new FormatException($"{path}: '{keyword}' before FROM.")).Add(new DockerInstruction(keyword, arguments));
        }
        return stages;
    }

    /// <summary>ENTRYPOINT or CMD in exec form (a JSON array).</summary>
    public static string[] ExecForm(string arguments) => JsonSerializer.Deserialize<string[]>(arguments)
        ?? throw new FormatException($"Not an exec-form array: {arguments}");

    private static IEnumerable<string> LogicalLines(IEnumerable<string> lines)
    {
        var pending = "";
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }
            if (line.EndsWith('\\'))
            {
                pending += line[..^1] + " ";
                continue;
            }
            yield return pending + line;
            pending = "";
        }
    }

    [GeneratedRegex(@"^([A-Za-z]+)\s+(.*)$")]
    private static partial Regex Instruction();
}
