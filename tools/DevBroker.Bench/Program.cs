using System.Diagnostics;
using Confluent.Kafka;
using EventStreams.DevBroker;

// Throughput check: produce N messages with Confluent.Kafka, then consume them with Assign.
// Usage: dotnet run -c Release --project DevBroker.Bench -- [--messages N] [--size BYTES] [--bootstrap HOST:PORT]
// Without --bootstrap an in-process KafkaDevBroker is started (sharing the CPU with the clients).

const int DefaultMessages = 200_000;
const int DefaultSize = 1024;
const int LingerMs = 5;
var messages = DefaultMessages;
var size = DefaultSize;
string? bootstrap = null;
for (var i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--messages": messages = int.Parse(args[++i]); break;
        case "--size": size = int.Parse(args[++i]); break;
        case "--bootstrap": bootstrap = args[++i]; break;
        default: Console.Error.WriteLine($"Unknown argument {args[i]}"); return 2;
    }
}

await using var broker = bootstrap is null ? await KafkaDevBroker.StartAsync(new DevBrokerOptions { AutoCreateTopics = true }) : null;
bootstrap ??= broker!.BootstrapServers;
var topic = $"bench-{Guid.NewGuid():N}";
broker?.CreateTopic(topic, 1);
Console.WriteLine($"Broker {bootstrap} ({(broker is null ? "external" : "in-process")}), {messages:N0} messages of {size} bytes, linger.ms={LingerMs}");

var payload = new byte[size];
new Random(42).NextBytes(payload);
var topicPartition = new TopicPartition(topic, 0);

// ---- produce
var producerConfig = new ProducerConfig { BootstrapServers = bootstrap, LingerMs = LingerMs, EnableIdempotence = false };
using (var producer = new ProducerBuilder<Null, byte[]>(producerConfig).Build())
{
    var failed = 0;
    var produceWatch = Stopwatch.StartNew();
    for (var i = 0; i < messages; i++)
    {
        while (true)
        {
            try
            {
                producer.Produce(topicPartition, new Message<Null, byte[]> { Value = payload }, report =>
                {
                    if (report.Error.IsError)
                    {
                        Interlocked.Increment(ref failed);
                    }
                });
                break;
            }
            catch (ProduceException<Null, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                producer.Poll(TimeSpan.FromMilliseconds(10)); // let deliveries drain the local queue
            }
        }
    }

    producer.Flush(TimeSpan.FromMinutes(2));
    produceWatch.Stop();
    Report("produced", messages - failed, size, produceWatch.Elapsed);
    if (failed > 0)
    {
        Console.WriteLine($"  {failed} deliveries failed");
        return 1;
    }
}

// ---- consume
var consumerConfig = new ConsumerConfig
{
    BootstrapServers = bootstrap,
    GroupId = "bench", // required by Confluent.Kafka; unused with Assign
    EnableAutoCommit = false,
    EnableAutoOffsetStore = false,
};
using (var consumer = new ConsumerBuilder<Ignore, byte[]>(consumerConfig).Build())
{
    var consumeWatch = Stopwatch.StartNew();
    consumer.Assign(new TopicPartitionOffset(topicPartition, 0));
    var received = 0;
    long bytes = 0;
    var deadline = DateTime.UtcNow.AddMinutes(2);
    while (received < messages && DateTime.UtcNow < deadline)
    {
        var result = consumer.Consume(TimeSpan.FromMilliseconds(100));
        if (result is not null)
        {
            received++;
            bytes += result.Message.Value.Length;
        }
    }

    consumeWatch.Stop();
    Report("consumed", received, size, consumeWatch.Elapsed);
    consumer.Close();
    return received == messages && bytes == (long)messages * size ? 0 : 1;
}

static void Report(string what, int count, int size, TimeSpan elapsed) =>
    Console.WriteLine($"{what,-9} {count:N0} msgs in {elapsed.TotalSeconds:F2} s = {count / elapsed.TotalSeconds:N0} msg/s ({count * (double)size / elapsed.TotalSeconds / (1024 * 1024):F1} MiB/s)");
