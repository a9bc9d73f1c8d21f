using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using EventStreams.Gateway.Streaming;
using EventStreams.Grains.Interfaces.History;
using EventStreams.Grains.Interfaces.Topics;

namespace EventStreams.Gateway.Tests.Streaming;

/// <summary>The seam between history and the live feed, with a scripted history source.</summary>
public sealed class StreamConnectionCatchUpTests
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    /// <summary>History of offsets [0, end), served at most <paramref name="chunk"/> events per read.</summary>
    private sealed class ScriptedHistory(long end, int chunk, Func<long, bool>? fail = null) : IHistorySource
    {
        public List<long> Reads { get; } = [];

        public Task<ResolvedStart> ResolveStartAsync(string topic, int partition, StartRequest start) => throw new NotSupportedException();

        public async Task<EventBatch> ReadAsync(string topic, int partition, long fromOffset)
        {
            await Task.Yield();
            lock (Reads)
            {
                Reads.Add(fromOffset);
            }
            if (fail?.Invoke(fromOffset) == true)
            {
                throw new InvalidOperationException("broker went away");
            }
            var to = Math.Min(end, fromOffset + chunk);
            return PartitionFeedTests.Batch(topic, partition, [.. Enumerable.Range((int)fromOffset, (int)Math.Max(0, to - fromOffset)).Select(i => (long)i)]) with { NextOffset = Math.Max(fromOffset, to) };
        }
    }

    [Fact]
    public async Task RunAsync_StartBeforeFeed_HistoryThenFeedEachOffsetOnce()
    {
        // The feed covers offsets from 90 on; history has 0..99, so 90..99 are in both.
        var feed = new PartitionFeed("t", 0, capacity: 64, Clocks.Immediate);
        feed.Start(90, null);
        feed.Append(PartitionFeedTests.Batch("t", 0, [.. Enumerable.Range(90, 10).Select(i => (long)i)]));
        var history = new ScriptedHistory(end: 100, chunk: 7);
        var connection = new StreamConnection([new ConnectionPartition(feed, "{\"e\":1}"u8.ToArray(), 0)], StreamFormat.NewlineDelimitedJson, 1024, history);
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        // Events keep arriving live while the connection catches up.
        for (var o = 100; o < 120; o++)
        {
            feed.Append(PartitionFeedTests.Batch("t", 0, o));
        }
        var lines = await ReadLinesAsync(pipe.Reader, "{\"o\":119}", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(Enumerable.Range(0, 120), lines.Select(l => (int)JsonNode.Parse(l)!["o"]!));
        Assert.DoesNotContain(history.Reads, r => r >= 90);
    }

    [Fact]
    public async Task RunAsync_CatchUp_IdsCarryEachEventsTimestampAndOffset()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Start(3, null);
        var connection = new StreamConnection([new ConnectionPartition(feed, "{\"seed\":true}"u8.ToArray(), 1)], StreamFormat.ServerSentEvents, 1024,
            new ScriptedHistory(end: 3, chunk: 10));
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();
        var run = connection.RunAsync(pipe.Writer, cts.Token);

        var text = await PipeText.ReadUntilAsync(pipe.Reader, "{\"o\":2}\n\n", cts.Token);
        cts.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);

        Assert.Equal(
            ":ok\n\n" +
            "event: message\nid: [{\"topic\":\"t\",\"partition\":0,\"timestamp\":1700000000002,\"offset\":2}]\ndata: {\"o\":1}\n\n" +
            "event: message\nid: [{\"topic\":\"t\",\"partition\":0,\"timestamp\":1700000000003,\"offset\":3}]\ndata: {\"o\":2}\n\n",
            text);
    }

    [Fact]
    public async Task RunAsync_HistoryReadFails_WritesErrorEventAndEnds()
    {
        var feed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        feed.Start(50, null);
        var connection = new StreamConnection([new ConnectionPartition(feed, "{\"seed\":true}"u8.ToArray(), 0)], StreamFormat.ServerSentEvents, 1024,
            new ScriptedHistory(end: 50, chunk: 10, fail: from => from >= 10));
        var pipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        connection.Attach();

        var end = await connection.RunAsync(pipe.Writer, cts.Token);
        await pipe.Writer.FlushAsync(cts.Token);
        pipe.Writer.Complete();
        var text = await PipeText.ReadToEndAsync(pipe.Reader);

        Assert.Equal(StreamEnd.Error, end);
        var frames = text.Split("\n\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(":ok", frames[0]);
        Assert.Equal(10, frames.Count(f => f.StartsWith("event: message\n", StringComparison.Ordinal)));
        var error = frames[^1].Split('\n');
        Assert.Equal("event: error", error[0]);
        Assert.Equal("id: [{\"topic\":\"t\",\"partition\":0,\"timestamp\":1700000000010,\"offset\":10}]", error[1]);
        var data = JsonNode.Parse(error[2]["data: ".Length..])!;
        Assert.Equal("HistoryReadError", (string?)data["name"]);
        Assert.Contains("broker went away", (string?)data["message"]);
    }

    [Fact]
    public async Task RunAsync_IdleSseWithHeartbeatRequested_WritesCommentNdjsonDoesNot()
    {
        var sseFeed = new PartitionFeed("t", 0, capacity: 16, Clocks.Immediate);
        var sse = new StreamConnection([new ConnectionPartition(sseFeed, null, null)], StreamFormat.ServerSentEvents, 1024, new ScriptedHistory(0, 1));
        var ndjson = new StreamConnection([new ConnectionPartition(sseFeed, null, null)], StreamFormat.NewlineDelimitedJson, 1024, new ScriptedHistory(0, 1));
        var ssePipe = new Pipe();
        var ndjsonPipe = new Pipe();
        using var cts = new CancellationTokenSource(Deadline);
        sse.Attach();
        ndjson.Attach();
        var runs = new[] { sse.RunAsync(ssePipe.Writer, cts.Token), ndjson.RunAsync(ndjsonPipe.Writer, cts.Token) };

        sse.RequestHeartbeat();
        ndjson.RequestHeartbeat();
        var sseText = await PipeText.ReadUntilAsync(ssePipe.Reader, ": heartbeat\n\n", cts.Token);
        sseFeed.Append(PartitionFeedTests.Batch("t", 0, 1));
        var ndjsonText = await PipeText.ReadUntilAsync(ndjsonPipe.Reader, "{\"o\":1}\n", cts.Token);
        cts.Cancel();
        foreach (var run in runs)
        {
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
        }

        Assert.Equal(":ok\n\n: heartbeat\n\n", sseText);
        Assert.Equal("\n{\"o\":1}\n", ndjsonText);
    }

    private static async Task<List<string>> ReadLinesAsync(PipeReader reader, string lastLine, CancellationToken cancellationToken)
    {
        var text = await PipeText.ReadUntilAsync(reader, lastLine + "\n", cancellationToken);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries)];
    }
}
