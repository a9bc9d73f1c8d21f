using EventStreams.DevBroker.Protocol;
using EventStreams.DevBroker.Records;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Storage;

public sealed class RecordBatchParserTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Validate_WellFormedBatch_ReportsCountAndMaxTimestamp(bool gzip)
    {
        var batch = TestBatches.Build([1000, 3000, 2000], gzip ? CompressionCodec.Gzip : CompressionCodec.None);

        var error = RecordBatchParser.Validate(batch, out var info);

        Assert.Equal(ErrorCode.None, error);
        Assert.Equal(3, info.RecordCount);
        Assert.Equal(3000, info.MaxTimestamp);
        Assert.Equal(batch.Length, info.Length);
        Assert.Equal([1000L, 3000L, 2000L], RecordBatchParser.ReadTimestamps(batch).Select(r => r.Timestamp).ToArray());
    }

    [Fact]
    public void Validate_FlippedPayloadByte_ReturnsCorruptMessage()
    {
        var batch = TestBatches.Build([1000, 2000]);
        batch[^1] ^= 0xFF;

        Assert.Equal(ErrorCode.CorruptMessage, RecordBatchParser.Validate(batch, out _));
    }

    [Fact]
    public void Validate_TruncatedBatch_ReturnsCorruptMessage()
    {
        var batch = TestBatches.Build([1000, 2000]);

        Assert.Equal(ErrorCode.CorruptMessage, RecordBatchParser.Validate(batch.AsSpan(0, batch.Length - 3), out _));
    }
}
