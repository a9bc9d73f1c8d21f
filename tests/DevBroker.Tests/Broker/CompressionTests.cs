using Confluent.Kafka;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>gzip is stored and served; codecs the broker cannot decode are refused.</summary>
public sealed class CompressionTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    [Fact]
    public void Produce_GzipBatch_IsConsumable()
    {
        var topic = KafkaClients.UniqueTopic("gzip");
        fixture.Broker.CreateTopic(topic, 1);
        using (var producer = KafkaClients.CreateProducer(fixture.BootstrapServers, c => { c.CompressionType = CompressionType.Gzip; c.LingerMs = 50; }))
        {
            for (var i = 0; i < 50; i++)
            {
                producer.Produce(new TopicPartition(topic, 0), new Message<string?, string?> { Key = $"k{i}", Value = $"value-{i}-" + new string('x', 500) });
            }

            Assert.Equal(0, producer.Flush(KafkaClients.Patience));
        }

        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        var results = KafkaClients.ConsumeMany(consumer, 50);

        Assert.Equal(50, results.Count);
        Assert.All(results, r => Assert.Equal($"value-{r.Offset.Value}-" + new string('x', 500), r.Message.Value));
        Assert.All(results, r => Assert.Equal($"k{r.Offset.Value}", r.Message.Key));
    }

    [Theory]
    [InlineData(CompressionType.Snappy)]
    [InlineData(CompressionType.Zstd)]
    public async Task Produce_UnsupportedCodec_FailsWithUnsupportedCompressionType(CompressionType codec)
    {
        var topic = KafkaClients.UniqueTopic("codec");
        fixture.Broker.CreateTopic(topic, 1);
        using var producer = KafkaClients.CreateProducer(fixture.BootstrapServers, c => c.CompressionType = codec);

        var error = await Assert.ThrowsAsync<ProduceException<string?, string?>>(
            () => KafkaClients.ProduceAsync(producer, topic, 0, null, new string('a', 1000)));

        Assert.Equal(ErrorCode.UnsupportedCompressionType, error.Error.Code);
    }

    /// <summary>
    /// librdkafka only uses lz4 when the broker advertises FindCoordinator (its proxy for
    /// "Kafka 0.8.2+"); this broker does not, so the client sends lz4 batches uncompressed.
    /// </summary>
    [Fact]
    public async Task Produce_Lz4_ClientFallsBackToUncompressedAndMessageIsConsumable()
    {
        var topic = KafkaClients.UniqueTopic("lz4");
        fixture.Broker.CreateTopic(topic, 1);
        using var producer = KafkaClients.CreateProducer(fixture.BootstrapServers, c => c.CompressionType = CompressionType.Lz4);

        var delivery = await KafkaClients.ProduceAsync(producer, topic, 0, null, "lz4-requested");

        Assert.Equal(0, delivery.Offset.Value);
        using var consumer = KafkaClients.CreateConsumer(fixture.BootstrapServers);
        consumer.Assign(new TopicPartitionOffset(topic, 0, 0));
        Assert.Equal("lz4-requested", Assert.Single(KafkaClients.ConsumeMany(consumer, 1)).Message.Value);
    }
}
