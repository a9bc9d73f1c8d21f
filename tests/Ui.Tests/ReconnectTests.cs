using EventStreams.EndToEnd.Tests.Faults;
using EventStreams.Ui.Tests.Infrastructure;

namespace EventStreams.Ui.Tests;

public sealed class ReconnectTests(ExplorerHostFixture host, ChromiumFixture chromium) : ExplorerTest(host, chromium)
{
    /// <summary>Slow enough that everything from before and after a reconnect fits on screen (200 rows).</summary>
    private const int EventsPerSecond = 10;

    /// <summary>The server ends the connection after 3 s and Chromium waits 3 s before it reconnects.</summary>
    private const float ReconnectMs = 15_000;

    [Fact]
    public async Task ServerClosesConnection_PageReconnects_NoDuplicateAndNoGap()
    {
        await using var producer = new SequencedProducer(Host.Kafka.BootstrapServers, ExplorerHostFixture.Sequence, partitions: 1, EventsPerSecond);
        producer.Start();
        await using var explorer = await OpenAsync($"?streams={ExplorerHostFixture.Sequence}");
        await explorer.WaitForReceivedAsync(1);

        await explorer.WaitForReconnectsAsync(1, ReconnectMs);
        var atReconnect = await explorer.ReceivedAsync();
        await explorer.WaitForReceivedAsync(atReconnect + EventsPerSecond);

        var seqs = await explorer.SequenceNumbersAsync();
        Assert.True(seqs.Length > atReconnect, $"Rows from both sides of the reconnect: {seqs.Length} rows, {atReconnect} events before it.");
        // Newest first, each exactly one below the row above it: nothing twice, nothing missing.
        Assert.Equal(Enumerable.Range(seqs[^1], seqs.Length).Reverse(), seqs);
        Assert.Contains("Reconnected", await explorer.Status.TextContentAsync());
        Assert.Contains("Last-Event-ID", await explorer.Page.Locator("#events li.note").First.TextContentAsync());
        await explorer.AssertNoErrorsAsync();
    }
}
