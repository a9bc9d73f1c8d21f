using System.IO.Pipelines;
using EventStreams.Gateway.Drain;
using EventStreams.Gateway.Streaming;
using EventStreams.Gateway.Tests.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Gateway.Tests.Drain;

/// <summary>The drain's schedule, on fake time: streams end one slot after another, each cleanly.</summary>
public sealed class ConnectionDrainTests : IAsyncDisposable
{
    private static readonly TimeSpan Delay = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    private readonly FakeTimeProvider _time = new();
    private readonly ConnectionRegistry _registry;
    private readonly PartitionFeed _feed;
    private readonly CancellationTokenSource _deadline = new(TimeSpan.FromSeconds(20));
    private readonly List<(StreamConnection Connection, Task<StreamEnd> Run, Pipe Pipe)> _open = [];

    public ConnectionDrainTests()
    {
        _registry = new ConnectionRegistry(Options.Create(new GatewayOptions()), _time);
        _feed = new PartitionFeed("t", 0, 64, Clocks.Immediate, _time);
    }

    private ConnectionDrain Drain(TimeSpan delay, TimeSpan window) =>
        new(_registry, Options.Create(new DrainOptions { Delay = delay, Window = window }), _time, new StillRunning(), NullLogger<ConnectionDrain>.Instance);

    private StreamConnection Open()
    {
        var connection = new StreamConnection([new ConnectionPartition(_feed, null, null)], StreamFormat.NewlineDelimitedJson, 1024, new NoHistory(), _time);
        var pipe = new Pipe();
        connection.Attach();
        _registry.Add(connection);
        _open.Add((connection, connection.RunAsync(pipe.Writer, _deadline.Token), pipe));
        return connection;
    }

    private sealed class StillRunning : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => throw new NotSupportedException();
    }

    private int Ended => _open.Count(o => o.Run.IsCompleted);

    /// <summary>The streams end on their own loops: wait (with a deadline) for them to see their end.</summary>
    private async Task WaitForEndedAsync(int count)
    {
        while (Ended != count)
        {
            Assert.True(Ended < count, $"{Ended} streams ended, expected {count}");
            await Task.Delay(5, _deadline.Token);
        }
    }

    [Fact]
    public async Task DrainAsync_TenStreams_ServeThroughTheDelayThenEndOnePerSlotOfTheWindow()
    {
        for (var i = 0; i < 10; i++)
        {
            Open();
        }
        var drain = Drain(Delay, Window).DrainAsync(_deadline.Token);

        _time.Advance(Delay - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, Ended);
        // A stream that opens during the delay is served, and drained with the others.
        Open();
        _time.Advance(TimeSpan.FromMilliseconds(1));
        await WaitForEndedAsync(1);

        // 11 streams over 10 s: one every 909 ms (rounded up to the tick, as the schedule does).
        var slot = TimeSpan.FromTicks((Window.Ticks + 10) / 11);
        for (var i = 2; i <= 11; i++)
        {
            _time.Advance(slot - TimeSpan.FromMilliseconds(10));
            Assert.Equal(i - 1, Ended);
            _time.Advance(TimeSpan.FromMilliseconds(10));
            await WaitForEndedAsync(i);
        }
        await drain.WaitAsync(_deadline.Token);

        // Every stream ended cleanly, at its own wake-up: none was cut off.
        Assert.All(await Task.WhenAll(_open.Select(o => o.Run)), end => Assert.Equal(StreamEnd.Drained, end));
    }

    [Fact]
    public async Task IsDraining_FromTheStartOfTheDrain_True()
    {
        var drain = Drain(Delay, Window);
        Assert.False(drain.IsDraining);

        var draining = drain.DrainAsync(_deadline.Token);

        Assert.True(drain.IsDraining);
        _time.Advance(Delay + Window);
        await draining.WaitAsync(_deadline.Token);
    }

    [Fact]
    public async Task DrainAsync_StreamOpenedAfterTheDrain_EndsAtOnce()
    {
        await Drain(TimeSpan.Zero, TimeSpan.Zero).DrainAsync(_deadline.Token);

        var late = Open();

        Assert.True(late.EndRequested);
        Assert.Equal(StreamEnd.Drained, await _open[0].Run.WaitAsync(_deadline.Token));
    }

    [Fact]
    public async Task DrainAsync_ShutdownTimeoutInTheWindow_EndsTheRestAtOnce()
    {
        for (var i = 0; i < 4; i++)
        {
            Open();
        }
        using var shutdown = new CancellationTokenSource();
        var drain = Drain(TimeSpan.Zero, Window).DrainAsync(shutdown.Token);
        await WaitForEndedAsync(1);

        await shutdown.CancelAsync();
        await drain.WaitAsync(_deadline.Token);

        await WaitForEndedAsync(4);
    }

    [Fact]
    public async Task DrainAsync_EventsBeforeTheEnd_AreAllWrittenThenTheStreamCompletes()
    {
        var connection = Open();
        var (_, run, pipe) = _open[0];
        _feed.Append(PartitionFeedTests.Batch("t", 0, 0));
        await PipeText.ReadUntilAsync(pipe.Reader, "{\"o\":0}\n", _deadline.Token);

        await Drain(TimeSpan.Zero, Window).DrainAsync(_deadline.Token);

        Assert.Equal(StreamEnd.Drained, await run.WaitAsync(_deadline.Token));
        Assert.Equal(1, connection.EventsWritten);
    }

    public async ValueTask DisposeAsync()
    {
        _registry.EndAll();
        await Task.WhenAll(_open.Select(o => o.Run)).WaitAsync(TimeSpan.FromSeconds(10));
        _deadline.Dispose();
    }
}
