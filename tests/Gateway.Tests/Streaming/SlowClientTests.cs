using System.IO.Pipelines;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Gateway.Tests.Streaming;

/// <summary>A client that stops reading: noticed from outside, while the connection's flush waits on it.</summary>
public sealed class SlowClientTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan MaxLag = TimeSpan.FromSeconds(30);

    private static (ConnectionRegistry Registry, FakeTimeProvider Time) Registry()
    {
        var time = new FakeTimeProvider();
        return (new ConnectionRegistry(Options.Create(new GatewayOptions { MaxClientLag = MaxLag }), time), time);
    }

    /// <summary>A pipe that takes a few hundred bytes and then waits for a reader that never comes.</summary>
    private static Pipe StuckSocket() => new(new PipeOptions(pauseWriterThreshold: 256, resumeWriterThreshold: 128));

    [Fact]
    public async Task CutSlowClients_NextEventWaitingLongerThanTheMaxLag_AbortsTheConnection()
    {
        var (registry, time) = Registry();
        var feed = new PartitionFeed("t", 0, 64, Clocks.Immediate, time);
        var connection = new StreamConnection([new ConnectionPartition(feed, null, null)], StreamFormat.NewlineDelimitedJson, 1024, new NoHistory(), time);
        var pipe = StuckSocket();
        var aborted = new TaskCompletionSource();
        // As the HTTP connection's abort does, it fails the waiting flush.
        connection.OnAbort(() => { aborted.TrySetResult(); pipe.Reader.Complete(); });
        connection.Attach();
        registry.Add(connection);
        using var cts = new CancellationTokenSource(Deadline);
        var run = connection.RunAsync(pipe.Writer, cts.Token);
        // Far more than the pipe takes: the connection writes the first events, then its flush waits on the full "socket".
        feed.Append(LargeEvents(40));

        time.Advance(MaxLag - TimeSpan.FromSeconds(1));
        Assert.Equal(0, registry.CutSlowClients());
        time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(1, registry.CutSlowClients());

        await aborted.Task.WaitAsync(cts.Token);
        await run.WaitAsync(cts.Token);
        Assert.True(connection.AbortedAsTooSlow);
    }

    private static EventBatch LargeEvents(int count) => new("t", 0, 0,
        [.. Enumerable.Range(0, count).Select(o => new EncodedEvent(o, 1_700_000_000_000, System.Text.Encoding.UTF8.GetBytes($"{{\"o\":{o},\"pad\":\"{new string('x', 2000)}\"}}")))],
        count);

    [Fact]
    public async Task CutSlowClients_ReaderKeepsUp_NotCutHoweverLongItLives()
    {
        var (registry, time) = Registry();
        var feed = new PartitionFeed("t", 0, 64, Clocks.Immediate, time);
        var connection = new StreamConnection([new ConnectionPartition(feed, null, null)], StreamFormat.NewlineDelimitedJson, 1024, new NoHistory(), time);
        var pipe = new Pipe();
        connection.Attach();
        registry.Add(connection);
        using var cts = new CancellationTokenSource(Deadline);
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        for (var i = 0; i < 5; i++)
        {
            feed.Append(PartitionFeedTests.Batch("t", 0, i));
            await PipeText.ReadUntilAsync(pipe.Reader, $"{{\"o\":{i}}}\n", cts.Token);
            time.Advance(MaxLag); // a quiet minute between events is not lag
            Assert.Equal(0, registry.CutSlowClients());
        }
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public void CutSlowClients_RequestEndedMeanwhile_CutWithoutThrowing()
    {
        var (registry, _) = Registry();
        var feed = new PartitionFeed("t", 0, 16, Clocks.Immediate);
        var connection = new StreamConnection([new ConnectionPartition(feed, null, null)], StreamFormat.NewlineDelimitedJson, 1024, new NoHistory(), new FakeTimeProvider());
        // HttpContext.Abort on a request that has already completed (bench F1 stopped the host with this).
        connection.OnAbort(() => throw new ObjectDisposedException("Collection", "IFeatureCollection has been disposed."));
        connection.Attach();
        registry.Add(connection);
        feed.Append(PartitionFeedTests.Batch("t", 0, [.. Enumerable.Range(0, 17).Select(i => (long)i)]));

        Assert.Equal(1, registry.CutSlowClients());
        Assert.True(connection.AbortedAsTooSlow);
    }

    [Fact]
    public void IsTooSlow_RingOverwroteWhatTheCursorStillNeeds_TrueAtOnce()
    {
        var feed = new PartitionFeed("t", 0, 16, Clocks.Immediate);
        var connection = new StreamConnection([new ConnectionPartition(feed, null, null)], StreamFormat.NewlineDelimitedJson, 1024, new NoHistory(), new FakeTimeProvider());
        connection.Attach();

        feed.Append(PartitionFeedTests.Batch("t", 0, [.. Enumerable.Range(0, 17).Select(i => (long)i)]));

        Assert.True(connection.IsTooSlow(MaxLag));
    }

    [Fact]
    public void IsTooSlow_StillReadingHistory_NotJudgedByTime()
    {
        var time = new FakeTimeProvider();
        var feed = new PartitionFeed("t", 0, 16, Clocks.Immediate);
        feed.Start(1_000, previousTimestamp: null);
        var connection = new StreamConnection([new ConnectionPartition(feed, [], StartOffset: 0)], StreamFormat.NewlineDelimitedJson, 1024, new NoHistory(), time);
        connection.Attach();

        time.Advance(MaxLag * 10);

        Assert.False(connection.IsTooSlow(MaxLag));
    }
}
