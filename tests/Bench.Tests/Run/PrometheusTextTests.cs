using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

/// <summary>The soak reads the service's GC heap out of its /metrics.</summary>
public sealed class PrometheusTextTests
{
    private const string Scrape = """
        # HELP dotnet_total_memory_bytes Total known allocated memory
        # TYPE dotnet_total_memory_bytes gauge
        dotnet_total_memory_bytes_other 1
        dotnet_total_memory_bytes 48213552
        process_open_handles 512
        dotnet_collection_count_total{generation="0"} 17
        process_start_time_seconds 1.7961597E+09
        """;

    [Fact]
    public void Value_UnlabelledSample_ItsValueNotThatOfALongerName()
    {
        Assert.Equal(48213552, PrometheusText.Value(Scrape, "dotnet_total_memory_bytes"));
    }

    [Fact]
    public void Value_ExponentNotation_Parsed()
    {
        Assert.Equal(1.7961597E+09, PrometheusText.Value(Scrape, "process_start_time_seconds"));
    }

    [Fact]
    public void Value_OnlyLabelledOrAbsent_Null()
    {
        Assert.Null(PrometheusText.Value(Scrape, "dotnet_collection_count_total"));
        Assert.Null(PrometheusText.Value(Scrape, "nope"));
    }
}
