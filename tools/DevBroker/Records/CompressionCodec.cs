namespace EventStreams.DevBroker.Records;

/// <summary>The compression codec stored in the low three bits of a batch's attributes.</summary>
internal enum CompressionCodec
{
    None = 0,
    Gzip = 1,
    Snappy = 2,
    Lz4 = 3,
    Zstd = 4,
}
