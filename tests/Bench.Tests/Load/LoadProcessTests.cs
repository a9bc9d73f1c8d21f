using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>The load process's own helpers.</summary>
public sealed class LoadProcessTests
{
    [Fact]
    public void BucketPath_Placeholder_ReplacedByTheBucket()
    {
        Assert.Equal("/v2/stream/s?where=b=42", LoadProcess.BucketPath("/v2/stream/s?where=b={bucket}", 42));
    }
}
