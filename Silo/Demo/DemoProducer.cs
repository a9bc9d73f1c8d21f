using Confluent.Kafka;
using EventStreams.Grains.Kafka;
using Microsoft.Extensions.Options;

namespace EventStreams.Silo.Demo;

/// <summary>
/// Writes synthetic events to the example configuration's topics, a few per second, so a
/// fresh checkout streams something at once. It runs with the embedded broker, or when Demo:Enabled is set.
/// </summary>
internal sealed class DemoProducer(IOptions<KafkaOptions> kafka, IOptions<DemoOptions> options, ILogger<DemoProducer> logger) : BackgroundService
{
    // Most traffic goes to the primary data centre's topics, as in production.
    private const double SecondaryDataCentreShare = 0.2;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var config = new ProducerConfig { BootstrapServers = kafka.Value.BootstrapServers, LingerMs = 5 };
        using var producer = new ProducerBuilder<Null, byte[]>(config).Build();
        var random = new Random();
        var events = new DemoEvents(random);
        var interval = TimeSpan.FromSeconds(1 / options.Value.EventsPerSecond);
        logger.LogWarning("DEMO DATA: producing about {Rate} synthetic MediaWiki events/s to Kafka at {BootstrapServers}. These are not real Wikimedia events.",
            options.Value.EventsPerSecond, kafka.Value.BootstrapServers);
        using var timer = new PeriodicTimer(interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var dc = random.NextDouble() < SecondaryDataCentreShare ? "codfw" : "eqiad";
                var now = DateTimeOffset.UtcNow;
                var (topic, value) = random.Next(10) switch
                {
                    < 7 => ($"{dc}.mediawiki.recentchange", events.RecentChange($"{dc}.mediawiki.recentchange", now)),
                    < 9 => ($"{dc}.mediawiki.revision-create", events.RevisionCreate("mediawiki.revision-create", $"{dc}.mediawiki.revision-create", now, newPage: false)),
                    _ => ($"{dc}.mediawiki.page-create", events.RevisionCreate("mediawiki.page-create", $"{dc}.mediawiki.page-create", now, newPage: true)),
                };
                producer.Produce(topic, new Message<Null, byte[]> { Value = value, Timestamp = new Timestamp(now) });
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        producer.Flush(TimeSpan.FromSeconds(2));
    }
}
