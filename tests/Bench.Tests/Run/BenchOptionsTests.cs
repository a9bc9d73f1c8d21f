using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

public sealed class BenchOptionsTests
{
    [Fact]
    public void Parse_FilterOptions_Set()
    {
        var o = BenchOptions.Parse(["--filter-clients", "100", "--filter-buckets", "10", "--filter-rate", "2000.5", "--filter-seconds", "7"]);

        Assert.Equal((100, 10, 2000.5, 7.0), (o.FilterClients, o.FilterBuckets, o.FilterRate, o.FilterSeconds));
    }

    [Fact]
    public void Parse_Nothing_F1NotInTheDefaultList()
    {
        Assert.DoesNotContain("F1", BenchOptions.Parse([]).Scenarios, StringComparison.Ordinal);
    }
}
