using System.Text.RegularExpressions;
using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Kcat;

/// <summary>
/// kcat (Debian's build, librdkafka 2.0.2) as an independent client: produce, consume, start
/// at a timestamp and query offsets by timestamp.
/// </summary>
public sealed partial class KcatTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    private const int Step = 1000;

    [Fact]
    public async Task Kcat_ProduceThenConsume_RoundTripsKeysAndValues()
    {
        var topic = KafkaClients.UniqueTopic("kcat");
        fixture.Broker.CreateTopic(topic, 2);

        await KcatRunner.RunAsync("k1:one\nk2:two\nk3:three\n", "-b", fixture.BootstrapServers, "-P", "-t", topic, "-p", "1", "-K:");
        var output = await KcatRunner.RunAsync(null, "-b", fixture.BootstrapServers, "-C", "-t", topic, "-p", "1", "-o", "beginning", "-e", "-q", "-f", "%o|%k|%s\n");

        Assert.Equal(["0|k1|one", "1|k2|two", "2|k3|three"], Lines(output));

        // And the same records through Confluent.Kafka, so both clients agree on the bytes.
        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        consumer.Assign(new TopicPartitionOffset(topic, 1, 0));
        Assert.Equal(["k1=one", "k2=two", "k3=three"], KafkaClients.ConsumeMany(consumer, 3).Select(r => $"{r.Message.Key}={r.Message.Value}").ToArray());
    }

    [Fact]
    public async Task Kcat_ConsumeFromTimestamp_StartsAtFirstMessageAtOrAfterIt()
    {
        var (topic, baseTime) = await ProduceTimedAsync();

        var output = await KcatRunner.RunAsync(null, "-b", fixture.BootstrapServers, "-C", "-t", topic, "-p", "0", "-o", $"s@{baseTime + 1500}", "-e", "-q", "-f", "%o|%s|%T\n");

        Assert.Equal([$"2|m2|{baseTime + 2000}", $"3|m3|{baseTime + 3000}"], Lines(output));
    }

    [Theory]
    [InlineData(-5000, 0)]
    [InlineData(1000, 1)]
    [InlineData(2500, 3)]
    [InlineData(99_000, -1)]
    public async Task Kcat_QueryOffsetForTimestamp_ReturnsFirstOffsetAtOrAfterItOrMinusOne(long delta, long expected)
    {
        var (topic, baseTime) = await ProduceTimedAsync();

        var output = await KcatRunner.RunAsync(null, "-b", fixture.BootstrapServers, "-Q", "-t", $"{topic}:0:{baseTime + delta}");

        var match = OffsetPattern().Match(output);
        Assert.True(match.Success, $"unexpected kcat -Q output: {output}");
        Assert.Equal(expected, long.Parse(match.Groups[1].Value));
    }

    private async Task<(string Topic, long BaseTime)> ProduceTimedAsync()
    {
        var topic = KafkaClients.UniqueTopic("kcat-ts");
        fixture.Broker.CreateTopic(topic, 1);
        var baseTime = DateTimeOffset.UtcNow.AddMinutes(-30).ToUnixTimeMilliseconds();
        using var producer = KafkaClients.CreateProducer(fixture.BootstrapServers);
        for (var i = 0; i < 4; i++)
        {
            await KafkaClients.ProduceAsync(producer, topic, 0, null, $"m{i}", baseTime + (i * Step));
        }

        return (topic, baseTime);
    }

    private static string[] Lines(string output) => output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [GeneratedRegex(@"offset (-?\d+)")]
    private static partial Regex OffsetPattern();
}
