namespace EventStreams.DevBroker.Records;

/// <summary>Byte offsets of the fields in a v2 (magic 2) record batch header.</summary>
internal static class RecordBatchLayout
{
    public const int BaseOffset = 0;
    public const int BatchLength = 8;
    public const int PartitionLeaderEpoch = 12;
    public const int Magic = 16;
    public const int Crc = 17;
    public const int Attributes = 21;
    public const int LastOffsetDelta = 23;
    public const int BaseTimestamp = 27;
    public const int MaxTimestamp = 35;
    public const int ProducerId = 43;
    public const int ProducerEpoch = 51;
    public const int BaseSequence = 53;
    public const int RecordCount = 57;
    public const int HeaderSize = 61;

    /// <summary>The base offset and length fields, which precede what batchLength counts.</summary>
    public const int LogOverhead = 12;

    public const byte CurrentMagic = 2;
    public const int CompressionMask = 0x07;
    public const int ControlFlag = 0x20;
}
