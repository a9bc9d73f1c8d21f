using System.Buffers;
using System.Buffers.Binary;
using System.IO.Compression;
using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Records;

/// <summary>
/// Validates v2 record batches and reads per-record timestamps. The broker stores the batch
/// bytes as the producer sent them; it only parses them to learn the record count and
/// timestamps and to refuse what a consumer could not read back.
/// </summary>
internal static class RecordBatchParser
{
    /// <summary>Guards against decompression bombs; far above any sane dev-time batch.</summary>
    private const int MaxDecompressedBytes = 128 * 1024 * 1024;

    /// <summary>
    /// Validates the batch at the start of <paramref name="data"/> (which may hold further batches).
    /// </summary>
    public static ErrorCode Validate(ReadOnlySpan<byte> data, out RecordBatchInfo info)
    {
        info = default;
        if (data.Length < RecordBatchLayout.HeaderSize)
        {
            return ErrorCode.CorruptMessage;
        }

        var batchLength = BinaryPrimitives.ReadInt32BigEndian(data[RecordBatchLayout.BatchLength..]);
        var totalLength = (long)batchLength + RecordBatchLayout.LogOverhead;
        if (totalLength < RecordBatchLayout.HeaderSize || totalLength > data.Length)
        {
            return ErrorCode.CorruptMessage;
        }

        var batch = data[..(int)totalLength];
        if (batch[RecordBatchLayout.Magic] != RecordBatchLayout.CurrentMagic)
        {
            // Message format v0/v1 would need a different parser and conversion on fetch.
            return ErrorCode.UnsupportedForMessageFormat;
        }

        var expectedCrc = BinaryPrimitives.ReadUInt32BigEndian(batch[RecordBatchLayout.Crc..]);
        if (Crc32C.Compute(batch[RecordBatchLayout.Attributes..]) != expectedCrc)
        {
            return ErrorCode.CorruptMessage;
        }

        var codec = (CompressionCodec)(BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchLayout.Attributes..]) & RecordBatchLayout.CompressionMask);
        if (codec is CompressionCodec.Snappy or CompressionCodec.Lz4 or CompressionCodec.Zstd)
        {
            return ErrorCode.UnsupportedCompressionType;
        }

        if (codec is not (CompressionCodec.None or CompressionCodec.Gzip))
        {
            return ErrorCode.CorruptMessage;
        }

        var recordCount = BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchLayout.RecordCount..]);
        var lastOffsetDelta = BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchLayout.LastOffsetDelta..]);
        if (recordCount <= 0 || lastOffsetDelta != recordCount - 1)
        {
            // Offsets are assigned as baseOffset + delta; gaps would break offset bookkeeping.
            return ErrorCode.InvalidRecord;
        }

        var error = ParseRecords(batch, codec, recordCount, timestamps: null, out var maxTimestamp);
        if (error != ErrorCode.None)
        {
            return error;
        }

        info = new RecordBatchInfo((int)totalLength, recordCount, maxTimestamp, codec);
        return ErrorCode.None;
    }

    /// <summary>Returns every record's offset delta and timestamp, decompressing if needed.</summary>
    public static RecordTimestamp[] ReadTimestamps(ReadOnlySpan<byte> batch)
    {
        var codec = (CompressionCodec)(BinaryPrimitives.ReadInt16BigEndian(batch[RecordBatchLayout.Attributes..]) & RecordBatchLayout.CompressionMask);
        var recordCount = BinaryPrimitives.ReadInt32BigEndian(batch[RecordBatchLayout.RecordCount..]);
        var timestamps = new List<RecordTimestamp>(recordCount);
        var error = ParseRecords(batch, codec, recordCount, timestamps, out _);
        if (error != ErrorCode.None)
        {
            throw new InvalidDataException($"Stored batch failed to parse: {error}.");
        }

        return [.. timestamps];
    }

    private static ErrorCode ParseRecords(
        ReadOnlySpan<byte> batch, CompressionCodec codec, int recordCount, List<RecordTimestamp>? timestamps, out long maxTimestamp)
    {
        var body = batch[RecordBatchLayout.HeaderSize..];
        var baseTimestamp = BinaryPrimitives.ReadInt64BigEndian(batch[RecordBatchLayout.BaseTimestamp..]);
        if (codec == CompressionCodec.None)
        {
            return ParseRecordSection(body, recordCount, baseTimestamp, timestamps, out maxTimestamp);
        }

        maxTimestamp = -1;
        byte[]? decompressed = null;
        try
        {
            if (!TryGunzip(body, out decompressed, out var length))
            {
                return ErrorCode.CorruptMessage;
            }

            return ParseRecordSection(decompressed.AsSpan(0, length), recordCount, baseTimestamp, timestamps, out maxTimestamp);
        }
        finally
        {
            if (decompressed is not null)
            {
                ArrayPool<byte>.Shared.Return(decompressed);
            }
        }
    }

    private static ErrorCode ParseRecordSection(
        ReadOnlySpan<byte> records, int recordCount, long baseTimestamp, List<RecordTimestamp>? timestamps, out long maxTimestamp)
    {
        maxTimestamp = -1;
        var position = 0;
        for (var i = 0; i < recordCount; i++)
        {
            if (!VarInt.TryReadZigZag(records, ref position, out var recordLength) || recordLength < 0)
            {
                return ErrorCode.CorruptMessage;
            }

            var recordEnd = position + recordLength;
            if (recordEnd > records.Length)
            {
                return ErrorCode.CorruptMessage;
            }

            var cursor = position + 1; // skip the record attributes byte
            if (!VarInt.TryReadZigZag(records[..(int)recordEnd], ref cursor, out var timestampDelta)
                || !VarInt.TryReadZigZag(records[..(int)recordEnd], ref cursor, out var offsetDelta))
            {
                return ErrorCode.CorruptMessage;
            }

            if (offsetDelta != i)
            {
                return ErrorCode.InvalidRecord;
            }

            var timestamp = baseTimestamp + timestampDelta;
            maxTimestamp = Math.Max(maxTimestamp, timestamp);
            timestamps?.Add(new RecordTimestamp(i, timestamp));
            position = (int)recordEnd;
        }

        return position == records.Length ? ErrorCode.None : ErrorCode.CorruptMessage;
    }

    private static bool TryGunzip(ReadOnlySpan<byte> compressed, out byte[] output, out int length)
    {
        output = ArrayPool<byte>.Shared.Rent(Math.Max(compressed.Length * 4, 1024));
        length = 0;
        try
        {
            using var input = new MemoryStream(compressed.ToArray(), writable: false);
            using var gzip = new GZipStream(input, CompressionMode.Decompress);
            while (true)
            {
                if (length == output.Length)
                {
                    if (output.Length >= MaxDecompressedBytes)
                    {
                        return false;
                    }

                    var bigger = ArrayPool<byte>.Shared.Rent(output.Length * 2);
                    output.AsSpan(0, length).CopyTo(bigger);
                    ArrayPool<byte>.Shared.Return(output);
                    output = bigger;
                }

                var read = gzip.Read(output, length, output.Length - length);
                if (read == 0)
                {
                    return true;
                }

                length += read;
            }
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
