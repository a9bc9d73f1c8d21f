using System.Diagnostics;
using System.Text.Json;
using Confluent.Kafka;

namespace EventStreams.Bench.Produce;

/// <summary>
/// The producer child process. Every event starts {"ts":<produce time ms>,"seq":<n>,"p":<partition>
/// (and, with buckets, ,"b":<bucket>,"bs":<n>; see <see cref="EventStamper"/>), so the load client
/// reads latency and order without parsing the rest. It stops early when its stdin says "stop"
/// (or "close", or ends), and answers with the last sequence number of each partition (and of
/// each partition and bucket).
/// </summary>
public static class ProducerProcess
{
    // Pacing granularity: one burst every 5 ms keeps the rate smooth without a timer per event.
    private const int TickMs = 5;

    public static async Task<int> RunAsync(string bootstrap, string topic, int partitions, double rate, double seconds, int size, long count, int buckets = 0)
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
        var stamper = new EventStamper(partitions, buckets, size);
        long sent = 0;
        var clock = Stopwatch.StartNew();
        var total = count > 0 ? count : (long)(rate * seconds);
        while (sent < total && !stop.IsCancellationRequested)
        {
            var due = count > 0 ? total : Math.Min(total, (long)(rate * clock.Elapsed.TotalSeconds));
            while (sent < due)
            {
                var value = stamper.Next(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), out var p);
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
        Console.WriteLine("@@" + JsonSerializer.Serialize(new { sent, seconds = clock.Elapsed.TotalSeconds, last = stamper.LastSequences, bucketLast = stamper.LastBucketSequences }));
        return 0;
    }
}
