using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using EventStreams.DevBroker.Records;

namespace EventStreams.DevBroker.Tests.Infrastructure;

/// <summary>Builds v2 record batches by hand for tests below the client level.</summary>
internal static class TestBatches
{
    public static byte[] Build(IReadOnlyList<long> timestamps, CompressionCodec codec = CompressionCodec.None)
    {
        var records = new MemoryStream();
        for (var i = 0; i < timestamps.Count; i++)
        {
            var value = Encoding.UTF8.GetBytes($"v{i}");
            var record = new MemoryStream();
            record.WriteByte(0); // attributes
            WriteZigZag(record, timestamps[i] - timestamps[0]);
            WriteZigZag(record, i);
            WriteZigZag(record, -1); // null key
            WriteZigZag(record, value.Length);
            record.Write(value);
            WriteZigZag(record, 0); // no headers
            WriteZigZag(records, record.Length);
            record.WriteTo(records);
        }

        var body = records.ToArray();
        if (codec == CompressionCodec.Gzip)
        {
            var compressed = new MemoryStream();
            using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
            {
                gzip.Write(body);
            }

            body = compressed.ToArray();
        }

        var batch = new byte[RecordBatchLayout.HeaderSize + body.Length];
        var span = batch.AsSpan();
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchLayout.BatchLength..], batch.Length - RecordBatchLayout.LogOverhead);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchLayout.PartitionLeaderEpoch..], -1);
        span[RecordBatchLayout.Magic] = RecordBatchLayout.CurrentMagic;
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchLayout.Attributes..], (short)codec);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchLayout.LastOffsetDelta..], timestamps.Count - 1);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchLayout.BaseTimestamp..], timestamps[0]);
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchLayout.MaxTimestamp..], timestamps.Max());
        BinaryPrimitives.WriteInt64BigEndian(span[RecordBatchLayout.ProducerId..], -1);
        BinaryPrimitives.WriteInt16BigEndian(span[RecordBatchLayout.ProducerEpoch..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchLayout.BaseSequence..], -1);
        BinaryPrimitives.WriteInt32BigEndian(span[RecordBatchLayout.RecordCount..], timestamps.Count);
        body.CopyTo(span[RecordBatchLayout.HeaderSize..]);
        BinaryPrimitives.WriteUInt32BigEndian(span[RecordBatchLayout.Crc..], Crc32C.Compute(span[RecordBatchLayout.Attributes..]));
        return batch;
    }

    private static void WriteZigZag(Stream stream, long value)
    {
        var raw = (ulong)((value << 1) ^ (value >> 63));
        while (raw >= 0x80)
        {
            stream.WriteByte((byte)(raw | 0x80));
            raw >>= 7;
        }

        stream.WriteByte((byte)raw);
    }
}
