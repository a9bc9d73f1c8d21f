using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Confluent.Kafka;

namespace EventStreams.Bench.Produce;

/// <summary>
/// The producer child process. Every event starts {"ts":<produce time ms>,"seq":<n>,"p":<partition>,
/// so the load client reads latency and per-partition order without parsing the rest, then pads
/// to the requested size. Sequence numbers count per partition from 0. It stops early when its
/// stdin says "stop" (or "close", or ends), and answers with the last sequence number of each partition.
/// </summary>
public static class ProducerProcess
{
    // Pacing granularity: one burst every 5 ms keeps the rate smooth without a timer per event.
    private const int TickMs = 5;

    public static async Task<int> RunAsync(string bootstrap, string topic, int partitions, double rate, double seconds, int size, long count)
    {
        using var producer = new ProducerBuilder<Null, byte[]>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            LingerMs = 2,
            EnableIdempotence = false,
            QueueBufferingMaxMessages = 1_000_000,
        }).Build();
        var stop = new CancellationTokenSource(); // not disposed: the stdin reader may cancel it as the process exits
        _ = Task.Run(() =>
        {
            while (Console.ReadLine() is { } line && line is not ("stop" or "close"))
            {
            }
            stop.Cancel();
        });
        var seqs = new long[partitions];
        var pad = new string('x', Math.Max(0, size - 80));
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var total = count > 0 ? count : (long)(rate * seconds);
        while (sent < total && !stop.IsCancellationRequested)
        {
            var due = count > 0 ? total : Math.Min(total, (long)(rate * clock.Elapsed.TotalSeconds));
            while (sent < due)
            {
                var p = (int)(sent % partitions);
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                var value = Encoding.UTF8.GetBytes($"{{\"ts\":{now},\"seq\":{seqs[p]++},\"p\":{p},\"pad\":\"{pad}\"}}");
                while (true)
                {
                    try
                    {
                        producer.Produce(new TopicPartition(topic, p), new Message<Null, byte[]> { Value = value });
                        break;
                    }
                    catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                    {
                        producer.Poll(TimeSpan.FromMilliseconds(10));
                    }
                }
                sent++;
            }
            if (count == 0)
            {
                await Task.Delay(TickMs);
            }
        }
        producer.Flush(TimeSpan.FromSeconds(30));
        Console.WriteLine("@@" + JsonSerializer.Serialize(new { sent, seconds = clock.Elapsed.TotalSeconds, last = seqs.Select(s => s - 1).ToArray() }));
        return 0;
    }
}
