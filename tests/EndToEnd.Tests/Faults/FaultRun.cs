using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using Xunit.Abstractions;

namespace EventStreams.EndToEnd.Tests.Faults;

/// <summary>
/// One fault experiment: sequence-checked SSE clients read the faults stream from its current end
/// while a <see cref="SequencedProducer"/> produces on a schedule; the test injects its fault in
/// between <see cref="StartAsync"/> and <see cref="FinishAsync"/>. At the end every client's
/// events of each partition must be exactly the partition's log from where the client started:
/// nothing lost, nothing twice, in order, whatever reconnects it needed.
/// </summary>
public sealed class FaultRun : IAsyncDisposable
{
    // Enough clients that a fault hitting them at different moments shows, few enough for 2 cores.
    public const int ClientCount = 4;

    // 50 events/s per partition: a few hundred events over a fault of seconds.
    public const int EventsPerSecond = 100;

    // Every client must have seen both partitions before a fault starts.
    private static readonly TimeSpan FlowingDeadline = TimeSpan.FromSeconds(15);

    // After production stops, clients must have everything within this (a hang otherwise).
    private static readonly TimeSpan CompleteDeadline = TimeSpan.FromSeconds(20);

    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly BrokerFaultsFixture _host;
    private readonly ITestOutputHelper _output;
    private readonly Dictionary<int, long> _start;
    private readonly SequencedProducer _producer;
    private readonly SequenceCheckedClient[] _clients;
    private readonly CancellationTokenSource _stopClients = new();
    private readonly Task[] _runs;

    private FaultRun(BrokerFaultsFixture host, ITestOutputHelper output, Dictionary<int, long> start)
    {
        (_host, _output, _start) = (host, output, start);
        var lastEventId = "[" + string.Join(",", start.Select(s => $$"""{"topic":"{{BrokerFaultsFixture.Topic}}","partition":{{s.Key}},"offset":{{s.Value}}}""")) + "]";
        _clients = [.. Enumerable.Range(0, ClientCount).Select(i =>
            new SequenceCheckedClient(host.Http, $"/v2/stream/{BrokerFaultsFixture.Stream}", lastEventId, start, $"client{i}"))];
        _runs = [.. _clients.Select(c => c.RunAsync(_stopClients.Token))];
        _producer = new SequencedProducer(host.Kafka.BootstrapServers, BrokerFaultsFixture.Topic, BrokerFaultsFixture.Partitions, EventsPerSecond);
    }

    public SequencedProducer Producer => _producer;

    public IReadOnlyList<SequenceCheckedClient> Clients => _clients;

    /// <summary>Clients connect at the partitions' current end, production starts, and this returns once every client sees both partitions.</summary>
    public static async Task<FaultRun> StartAsync(BrokerFaultsFixture host, ITestOutputHelper output)
    {
        var run = new FaultRun(host, output, QueryEnds(host));
        run._producer.Start();
        var deadline = DateTime.UtcNow + FlowingDeadline;
        while (!run._clients.All(c => run._start.All(s => c.NextOffset(s.Key) > s.Value)))
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Events did not flow to every client before the fault.\n{run.Describe()}");
            }
            await Task.Delay(PollInterval);
        }
        return run;
    }

    /// <summary>Waits (with a deadline) until a condition of the fault holds, e.g. injected errors were all answered.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.\n{Describe()}");
            }
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// Stops producing, waits until every client has every event, stops the clients, writes the
    /// report and checks each client's sequence against the partition log.
    /// </summary>
    public async Task FinishAsync()
    {
        await _producer.StopAsync();
        var ends = QueryEnds(_host);
        var deadline = DateTime.UtcNow + CompleteDeadline;
        while (!_clients.All(c => ends.All(e => c.NextOffset(e.Key) >= e.Value)))
        {
            if (DateTime.UtcNow > deadline)
            {
                await StopClientsAsync();
                _output.WriteLine(Describe());
                Assert.Fail($"Clients did not get every event within {CompleteDeadline.TotalSeconds} s of the last one being produced (ends: {Format(ends)}): lost events or a hung stream.\n{Describe()}");
            }
            await Task.Delay(PollInterval);
        }
        await StopClientsAsync();
        _output.WriteLine(Describe());

        Assert.Empty(_producer.Failures);
        var log = ReadLog(ends);
        foreach (var (partition, events) in log)
        {
            // The producer is idempotent, so this holds unless the broker or the producer broke: not the service.
            Assert.True(events.Select(e => e.Seq).SequenceEqual(Enumerable.Range(0, _producer.Produced[partition])),
                $"p{partition}: the log itself does not hold seq 0..{_producer.Produced[partition] - 1} once each (a producer or broker fault, not the service's)");
        }
        foreach (var client in _clients)
        {
            foreach (var (partition, events) in log)
            {
                var received = client.Received(partition);
                if (!received.SequenceEqual(events))
                {
                    var lost = events.Except(received).Count();
                    var duplicated = received.Count - received.Distinct().Count();
                    Assert.Fail($"{client.Name} p{partition}: received {received.Count} of {events.Count} events, {lost} lost, {duplicated} duplicated; first violations: {string.Join("; ", client.Violations.Take(5))}\n{Describe()}");
                }
            }
            Assert.Empty(client.Violations);
        }
    }

    private async Task StopClientsAsync()
    {
        if (!_stopClients.IsCancellationRequested)
        {
            await _stopClients.CancelAsync();
            await Task.WhenAll(_runs);
        }
    }

    /// <summary>What each client saw: connections, why they ended, positions and the longest silences; and the producer's.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        var produced = _producer.Produced;
        var acked = _producer.Acknowledged;
        text.AppendLine($"producer: produced {Format(produced)}, acknowledged {Format(acked)}, longest ack gap "
            + string.Join(" ", Enumerable.Range(0, produced.Count).Select(p => $"p{p} {_producer.LongestAcknowledgementGap(p).TotalMilliseconds:F0} ms")));
        foreach (var c in _clients)
        {
            text.AppendLine($"{c.Name}: {c.Connections} connection(s), {c.Reconnects} reconnect(s); next offsets "
                + string.Join(" ", _start.Keys.Select(p => $"p{p} {c.NextOffset(p)} (from {_start[p]}, longest silence {c.LongestSilence(p).TotalMilliseconds:F0} ms)"))
                + (c.Endings.Count > 0 ? $"; endings: {string.Join(" | ", c.Endings)}" : "")
                + (c.Violations.Count > 0 ? $"; {c.Violations.Count} violations, first: {string.Join("; ", c.Violations.Take(3))}" : ""));
        }
        return text.ToString();
    }

    private static string Format(IEnumerable<int> perPartition) => string.Join(" ", perPartition.Select((n, p) => $"p{p} {n}"));

    private static string Format(IReadOnlyDictionary<int, long> perPartition) => string.Join(" ", perPartition.Select(e => $"p{e.Key} {e.Value}"));

    private static IConsumer<Ignore, string> NewConsumer(BrokerFaultsFixture host)
    {
        var config = new ConsumerConfig(host.Kafka.ConsumerSettings.ToDictionary())
        {
            BootstrapServers = host.Kafka.BootstrapServers,
            GroupId = "fault-tests-verifier",
            EnableAutoCommit = false,
        };
        return new ConsumerBuilder<Ignore, string>(config).Build();
    }

    private static Dictionary<int, long> QueryEnds(BrokerFaultsFixture host)
    {
        using var consumer = NewConsumer(host);
        return Enumerable.Range(0, BrokerFaultsFixture.Partitions).ToDictionary(p => p,
            p => consumer.QueryWatermarkOffsets(new TopicPartition(BrokerFaultsFixture.Topic, p), KafkaTimeout).High.Value);
    }

    /// <summary>The partitions' logs from where the clients started to <paramref name="ends"/>: what every client must have received.</summary>
    private Dictionary<int, List<(long Offset, int Seq)>> ReadLog(IReadOnlyDictionary<int, long> ends)
    {
        using var consumer = NewConsumer(_host);
        var log = new Dictionary<int, List<(long, int)>>();
        foreach (var (partition, end) in ends)
        {
            var events = new List<(long, int)>();
            consumer.Assign(new TopicPartitionOffset(BrokerFaultsFixture.Topic, partition, _start[partition]));
            var deadline = DateTime.UtcNow + KafkaTimeout;
            for (var next = _start[partition]; next < end;)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException($"Reading p{partition}'s log back stopped at offset {next} of {end}.");
                }
                if (consumer.Consume(PollInterval) is { } result)
                {
                    using var json = JsonDocument.Parse(result.Message.Value);
                    events.Add((result.Offset.Value, json.RootElement.GetProperty("seq").GetInt32()));
                    next = result.Offset.Value + 1;
                }
            }
            log[partition] = events;
        }
        return log;
    }

    public async ValueTask DisposeAsync()
    {
        await StopClientsAsync();
        await _producer.DisposeAsync();
        _stopClients.Dispose();
    }
}
