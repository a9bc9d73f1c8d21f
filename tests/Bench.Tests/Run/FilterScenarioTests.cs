using EventStreams.Bench.Load;
using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

public sealed class FilterScenarioTests
{
    [Fact]
    public void TableLines_OnePhase_EveryRowHasTheHeadersColumns()
    {
        var figures = new FilterPhaseFigures("filtered", 5000, 5000, 9995, 10_000, 500_000, 1.2, 0.3, 400_000, 50, 200, 300, 0, 0, 0, 1, 2, 3,
            new ShareSummary(0, 0, 4990, 10, 1, 2));

        var lines = FilterScenario.TableLines([figures]);

        Assert.Equal(3, lines.Count);
        Assert.All(lines, l => Assert.Equal(lines[0].Count(c => c == '|'), l.Count(c => c == '|')));
        Assert.Contains("| 4,990 / 10 / 1 / 2 |", lines[2], StringComparison.Ordinal);
    }

    [Fact]
    public void Topics_OnePerPhase_InTheStreamConfiguration()
    {
        var topics = FilterScenario.Topics.ToArray();

        Assert.Equal(topics.Length, topics.Select(t => t.Topic).Distinct().Count());
        Assert.All(topics, t => Assert.Contains($"{t.Stream}:\n  topics: [{t.Topic}]\n", FilterScenario.StreamConfig, StringComparison.Ordinal));
    }
}
