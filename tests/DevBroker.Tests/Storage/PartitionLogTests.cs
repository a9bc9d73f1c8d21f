using EventStreams.DevBroker.Records;
using EventStreams.DevBroker.Storage;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Storage;

public sealed class PartitionLogTests
{
    private const long Now = 1_800_000_000_000;

    [Fact]
    public void Append_BatchesOlderThanRetentionTime_AreDroppedExceptTheNewest()
    {
        var log = new PartitionLog(0, new RetentionPolicy(long.MaxValue, TimeSpan.FromHours(1)));
        Append(log, Now - TimeSpan.FromHours(3).Ticks / TimeSpan.TicksPerMillisecond);
        Append(log, Now - TimeSpan.FromHours(2).Ticks / TimeSpan.TicksPerMillisecond);
        Append(log, Now - 1000);

        Assert.Equal((2L, 3L), log.GetOffsets());
    }

    [Fact]
    public void Read_OffsetInsideBatch_ReturnsWholeBatchAndOutOfRangeBeyondEnd()
    {
        var log = new PartitionLog(0, new RetentionPolicy(long.MaxValue, TimeSpan.FromDays(7)));
        Append(log, Now, Now + 1, Now + 2);
        Append(log, Now + 3);
        var batches = new List<StoredBatch>();

        var inside = log.Read(1, int.MaxValue, int.MaxValue, batches);
        var beyond = log.Read(5, int.MaxValue, int.MaxValue, []);

        Assert.Equal([0L, 3L], batches.Select(b => b.BaseOffset).ToArray());
        Assert.Equal(4, inside.HighWatermark);
        Assert.Equal(Protocol.ErrorCode.OffsetOutOfRange, beyond.Error);
    }

    [Fact]
    public async Task WhenAppended_TakenBeforeAppend_CompletesOnAppend()
    {
        var log = new PartitionLog(0, new RetentionPolicy(long.MaxValue, TimeSpan.FromDays(7)));
        var signal = log.WhenAppended();
        Assert.False(signal.IsCompleted);

        Append(log, Now);

        await signal.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static void Append(PartitionLog log, params long[] timestamps)
    {
        var batch = TestBatches.Build(timestamps);
        Assert.Equal(Protocol.ErrorCode.None, RecordBatchParser.Validate(batch, out var info));
        log.Append(batch, info, Now);
    }
}
