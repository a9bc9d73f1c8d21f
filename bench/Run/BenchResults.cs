using System.Text.Json;

namespace EventStreams.Bench.Run;

/// <summary>What the scenarios measured: rows of the printed table, and the JSON document written at the end.</summary>
public sealed class BenchResults
{
    private readonly List<(string Scenario, string Metric, string Value, string Target)> _rows = [];
    private readonly Dictionary<string, object> _json = [];
    private readonly List<(string Title, IReadOnlyList<string> Lines)> _tables = [];

    /// <summary>A row of the table, printed at once too.</summary>
    public void Add(string scenario, string metric, string value, string target)
    {
        _rows.Add((scenario, metric, value, target));
        Console.WriteLine($"  {metric}: {value}");
    }

    /// <summary>A scenario's figures in the JSON output; a scenario run again gets "C2#2", "C2#3"….</summary>
    public void Json(string scenario, object figures)
    {
        var key = scenario;
        for (var run = 2; _json.ContainsKey(key); run++)
        {
            key = $"{scenario}#{run}";
        }
        _json[key] = figures;
    }

    /// <summary>A table of a scenario's own (markdown lines), printed after the main table.</summary>
    public void Table(string title, IReadOnlyList<string> lines) => _tables.Add((title, lines));

    public void PrintTable()
    {
        Console.WriteLine();
        Console.WriteLine("| Scenario | Metric | Result | Target |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (s, m, v, t) in _rows)
        {
            Console.WriteLine($"| {s} | {m} | {v} | {t} |");
        }
        foreach (var (title, lines) in _tables)
        {
            Console.WriteLine();
            Console.WriteLine(title);
            Console.WriteLine();
            foreach (var line in lines)
            {
                Console.WriteLine(line);
            }
        }
    }

    /// <summary>Writes bench-&lt;time&gt;.json into <paramref name="directory"/> and returns its path.</summary>
    public async Task<string> WriteAsync(string directory, BenchOptions options)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, $"bench-{DateTime.UtcNow:yyyyMMdd-HHmmss}.json");
        _json["machine"] = new { cores = Environment.ProcessorCount, os = Environment.OSVersion.ToString(), dotnet = Environment.Version.ToString() };
        _json["options"] = options;
        await File.WriteAllTextAsync(file, JsonSerializer.Serialize(_json, new JsonSerializerOptions { WriteIndented = true }));
        return file;
    }
}
