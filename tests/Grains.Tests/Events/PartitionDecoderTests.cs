using System.Text;
using Confluent.Kafka;
using EventStreams.Grains.Events;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace EventStreams.Grains.Tests.Events;

public sealed class PartitionDecoderTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly RecordingLogger<PartitionDecoderTests> _log = new();

    private static ConsumeResult<byte[]?, byte[]?> Message(string topic, long offset, string value) => new()
    {
        Topic = topic,
        Partition = 2,
        Offset = offset,
        Message = new Message<byte[]?, byte[]?> { Value = Encoding.UTF8.GetBytes(value), Timestamp = new Timestamp(1_700_000_000_000, TimestampType.CreateTime) },
    };

    [Fact]
    public void Decode_JsonObject_EventWithMetaTopicWrittenFromTheSharedName()
    {
        var decoder = new EventDecoder().ForPartition("eqiad.decoder.ok", 2, _log, _time);

        var e = decoder.Decode(Message("eqiad.decoder.ok", 7, """{"a":1}"""));

        Assert.NotNull(e);
        Assert.Equal("""{"a":1,"meta":{"topic":"eqiad.decoder.ok","partition":2,"offset":7}}""", Encoding.UTF8.GetString(e.Data));
        Assert.Equal((7L, 1_700_000_000_000L), (e.Offset, e.Timestamp));
    }

    [Fact]
    public void Decode_ManyBadMessages_CountsEachLogsOncePerInterval()
    {
        const string topic = "eqiad.decoder.skips";
        var decoder = new EventDecoder().ForPartition(topic, 2, _log, _time);
        var counted = EventMetrics.Skipped.WithLabels(topic, "2");
        var before = counted.Value;

        for (var offset = 0; offset < 100; offset++)
        {
            Assert.Null(decoder.Decode(Message(topic, offset, "not json")));
        }
        _time.Advance(PartitionDecoder.SkipLogInterval);
        Assert.Null(decoder.Decode(Message(topic, 100, "[1]")));

        Assert.Equal(101, decoder.Skipped);
        Assert.Equal(101, counted.Value - before);
        Assert.Collection(_log.Lines,
            first => Assert.Equal((LogLevel.Warning, $"Skipped {topic}/2 offset 0: the message is not a JSON object (1 skipped on this partition since the last such line)"), first),
            second => Assert.Equal((LogLevel.Warning, $"Skipped {topic}/2 offset 100: the message is not a JSON object (100 skipped on this partition since the last such line)"), second));
    }
}
