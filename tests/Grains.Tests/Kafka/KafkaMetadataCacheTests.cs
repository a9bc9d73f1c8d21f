using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Grains.Tests.Kafka;

public sealed class KafkaMetadataCacheTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>Kafka as the cache sees it: each request waits for the test to answer or fail it.</summary>
    private sealed class ScriptedSource : IKafkaMetadataSource
    {
        private readonly SemaphoreSlim _answers = new(0);
        private volatile Exception? _failWith;

        public int Requests;

        public TimeSpan? LastTimeout { get; private set; }

        public void Answer(Exception? error = null)
        {
            _failWith = error;
            _answers.Release();
        }

        public IReadOnlyDictionary<string, int> GetPartitionCounts(TimeSpan timeout)
        {
            Interlocked.Increment(ref Requests);
            LastTimeout = timeout;
            _answers.Wait(Deadline);
            return _failWith is { } e ? throw e : new Dictionary<string, int> { ["t"] = 3 };
        }
    }

    private static (KafkaMetadataCache Cache, ScriptedSource Source, FakeTimeProvider Time) Create()
    {
        var source = new ScriptedSource();
        var time = new FakeTimeProvider();
        var options = Options.Create(new KafkaOptions { MetadataTimeout = TimeSpan.FromSeconds(3) });
        return (new KafkaMetadataCache(source, options, time, NullLogger<KafkaMetadataCache>.Instance), source, time);
    }

    [Fact]
    public async Task GetPartitionCountsAsync_ManyCallersAtOnce_OneRequestWithTheMetadataTimeout()
    {
        var (cache, source, _) = Create();

        var calls = Enumerable.Range(0, 20).Select(_ => cache.GetPartitionCountsAsync(["t"])).ToArray();
        source.Answer();
        var results = await Task.WhenAll(calls).WaitAsync(Deadline);

        Assert.Equal(1, source.Requests);
        Assert.Equal(TimeSpan.FromSeconds(3), source.LastTimeout);
        Assert.All(results, r => Assert.Equal(3, r["t"]));
    }

    [Fact]
    public async Task GetPartitionCountsAsync_KafkaDown_EveryCallerGetsTheOneProbesErrorUntilItIsStale()
    {
        var (cache, source, time) = Create();
        var first = Enumerable.Range(0, 5).Select(_ => cache.GetPartitionCountsAsync(["t"])).ToArray();
        source.Answer(new InvalidOperationException("Local: Broker transport failure"));
        foreach (var call in first)
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => call.WaitAsync(Deadline));
        }

        // Within the failure memory: answered at once, without asking Kafka again.
        await Assert.ThrowsAsync<InvalidOperationException>(() => cache.GetPartitionCountsAsync(["t"]));
        Assert.Equal(1, source.Requests);

        // Later: one new probe, and it may succeed.
        time.Advance(KafkaMetadataCache.FailureMemory);
        var retry = cache.GetPartitionCountsAsync(["t"]);
        source.Answer();
        Assert.Equal(3, (await retry.WaitAsync(Deadline))["t"]);
        Assert.Equal(2, source.Requests);
    }

    [Fact]
    public async Task GetPartitionCountsAsync_FreshAndKnown_NoRequest()
    {
        var (cache, source, time) = Create();
        var load = cache.GetPartitionCountsAsync(["t"]);
        source.Answer();
        await load.WaitAsync(Deadline);

        time.Advance(KafkaMetadataCache.MaxAge - TimeSpan.FromMilliseconds(1));
        await cache.GetPartitionCountsAsync(["t"]);

        Assert.Equal(1, source.Requests);
    }
}
