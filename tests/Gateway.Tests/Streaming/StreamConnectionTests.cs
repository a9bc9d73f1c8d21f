using EventStreams.Grains.Interfaces.Topics;
using System.IO.Pipelines;
using System.Text;
using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Tests.Streaming;

[Collection(StaticMetricsCollection.Name)]
public sealed class StreamConnectionTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);
    private static readonly IHistorySource NoHistory = new ThrowingHistory();

    private static ConnectionPartition Live(PartitionFeed feed) => new(feed, null, null);

    private sealed class ThrowingHistory : IHistorySource
    {
        public Task<EventStreams.Grains.Interfaces.Topics.EventBatch> ReadAsync(string topic, int partition, long fromOffset) =>
            throw new InvalidOperationException("A live connection must not read history.");

        public Task<EventStreams.Grains.Interfaces.History.ResolvedStart> ResolveStartAsync(string topic, int partition, EventStreams.Grains.Interfaces.History.StartRequest start) =>
            throw new InvalidOperationException("A live connection resolves no start.");
    }

    [Fact]
    public async Task RunAsync_Sse_WritesPreambleThenFramesWithIdsOfEveryPartition()
    {
        var a = new PartitionFeed("a", 0, 16, Clocks.Immediate);
        var b = new PartitionFeed("b", 0, 16, Clocks.Immediate);
        // Where each feed's subscription started: a partition that has delivered nothing yet shows that position.
        a.Start(3, previousTimestamp: 1_700_000_000_002);
        b.Start(7, previousTimestamp: null);
        var connection = new StreamConnection([Live(a), Live(b)], StreamFormat.ServerSentEvents, 1024, NoHistory);
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        // One event at a time: within a wake-up the connection drains partitions in id order.
        b.Append(PartitionFeedTests.Batch("b", 0, 7));
        var text = await PipeText.ReadUntilAsync(pipe.Reader, "\"o\":7}\n\n", cts.Token);
        a.Append(PartitionFeedTests.Batch("a", 0, 3));
        text += await PipeText.ReadUntilAsync(pipe.Reader, "\"o\":3}\n\n", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(
            ":ok\n\n" +
            "event: message\nid: [{\"topic\":\"a\",\"partition\":0,\"timestamp\":1700000000003,\"offset\":3},{\"topic\":\"b\",\"partition\":0,\"timestamp\":1700000000008,\"offset\":8}]\ndata: {\"o\":7}\n\n" +
            "event: message\nid: [{\"topic\":\"a\",\"partition\":0,\"timestamp\":1700000000004,\"offset\":4},{\"topic\":\"b\",\"partition\":0,\"timestamp\":1700000000008,\"offset\":8}]\ndata: {\"o\":3}\n\n",
            text);
    }

    [Fact]
    public async Task RunAsync_EventsDelivered_CountsEveryFlushedByteAndReportsToTheNodeCounters()
    {
        var feed = new PartitionFeed("a", 0, 16, Clocks.Immediate);
        var connection = new StreamConnection([Live(feed)], StreamFormat.ServerSentEvents, 1024, NoHistory);
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        var eventsBefore = EventStreams.Gateway.Telemetry.GatewayMetrics.EventsDelivered.Value;
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        feed.Append(PartitionFeedTests.Batch("a", 0, 1, 2, 3));
        var text = await PipeText.ReadUntilAsync(pipe.Reader, "\"o\":3}\n\n", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(3, connection.EventsWritten);
        Assert.Equal(Encoding.UTF8.GetByteCount(text), connection.BytesFlushed);
        // The counters are process-wide (other tests deliver too): at least this connection's events.
        Assert.Equal(eventsBefore + 3, EventStreams.Gateway.Telemetry.GatewayMetrics.EventsDelivered.Value);
    }

    [Fact]
    public async Task RunAsync_Ndjson_WritesNewlineThenOneObjectPerLine()
    {
        var feed = new PartitionFeed("a", 0, 16, Clocks.Immediate);
        var connection = new StreamConnection([Live(feed)], StreamFormat.NewlineDelimitedJson, 1024, NoHistory);
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        feed.Append(PartitionFeedTests.Batch("a", 0, 1, 2));
        var text = await PipeText.ReadUntilAsync(pipe.Reader, "{\"o\":2}\n", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal("\n{\"o\":1}\n{\"o\":2}\n", text);
    }

    [Fact]
    public async Task RunAsync_AttachedAfterEvents_StartsAtLiveEnd()
    {
        var feed = new PartitionFeed("a", 0, 16, Clocks.Immediate);
        feed.Append(PartitionFeedTests.Batch("a", 0, 1, 2));
        var connection = new StreamConnection([Live(feed)], StreamFormat.NewlineDelimitedJson, 1024, NoHistory);
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        feed.Append(PartitionFeedTests.Batch("a", 0, 3));
        var text = await PipeText.ReadUntilAsync(pipe.Reader, "{\"o\":3}\n", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal("\n{\"o\":3}\n", text);
    }

    [Fact]
    public async Task RunAsync_ReaderFallsBehindTheRing_EndsAsTooSlow()
    {
        var feed = new PartitionFeed("a", 0, 16, Clocks.Immediate);
        // A pipe that accepts only a little before the writer must wait: the client is not reading.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 64, resumeWriterThreshold: 32));
        var connection = new StreamConnection([Live(feed)], StreamFormat.NewlineDelimitedJson, 1024, NoHistory);
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);
        var preamble = await pipe.Reader.ReadAsync(cts.Token); // the preamble went out; from now on nobody reads
        pipe.Reader.AdvanceTo(preamble.Buffer.End);

        for (var i = 0; i < 100; i++)
        {
            feed.Append(PartitionFeedTests.Batch("a", 0, i));
            await Task.Yield();
        }
        // Drain what was flushed so the stalled flush completes and the connection sees the gap.
        var drain = DrainAsync(pipe.Reader, cts.Token);

        Assert.Equal(StreamEnd.TooSlow, await run);
        cts.Cancel();
        await drain;
    }

    private static async Task DrainAsync(PipeReader reader, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                reader.AdvanceTo(result.Buffer.End);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}

public sealed class StreamConnectionPackingTests
{
    [Fact]
    public async Task RunAsync_ManyLargeEventsInOneWake_EveryFrameWhole()
    {
        var feed = new PartitionFeed("t", 0, 64, Clocks.Immediate);
        var connection = new StreamConnection([new ConnectionPartition(feed, null, null)], StreamFormat.ServerSentEvents, 32 * 1024,
            new ThrowingHistorySource());
        var pipe = new System.IO.Pipelines.Pipe();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        connection.Attach();
        var pad = new string('x', 1500);
        // Frames of ~1.6 KB: several share a span, and some must start a new one.
        var batch = new EventBatch("t", 0, 0, [.. Enumerable.Range(0, 20).Select(o =>
            new EncodedEvent(o, 1_700_000_000_000, System.Text.Encoding.UTF8.GetBytes($"{{\"o\":{o},\"pad\":\"{pad}\"}}")))], 20);
        feed.Append(batch);
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        var text = await PipeText.ReadUntilAsync(pipe.Reader, $"{{\"o\":19,\"pad\":\"{pad}\"}}\n\n", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        // Attached before the batch, so all 20 arrive: each a complete frame with its own id.
        var frames = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries)[1..];
        Assert.Equal(20, frames.Length);
        for (var o = 0; o < 20; o++)
        {
            Assert.Equal($"event: message\nid: [{{\"topic\":\"t\",\"partition\":0,\"timestamp\":1700000000001,\"offset\":{o + 1}}}]\ndata: {{\"o\":{o},\"pad\":\"{pad}\"}}", frames[o]);
        }
    }

    private sealed class ThrowingHistorySource : IHistorySource
    {
        public Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset) => throw new InvalidOperationException("live only");

        public Task<EventStreams.Grains.Interfaces.History.ResolvedStart> ResolveStartAsync(string topic, int partition, EventStreams.Grains.Interfaces.History.StartRequest start) => throw new InvalidOperationException("live only");
    }
}
