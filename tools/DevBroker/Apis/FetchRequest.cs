using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Apis;

/// <summary>The parts of a Fetch request this broker acts on.</summary>
internal sealed record FetchRequest(int MaxWaitMs, int MinBytes, int MaxBytes, int SessionId, IReadOnlyList<FetchTopicRequest> Topics)
{
    public static FetchRequest Parse(ReadOnlySpan<byte> body, short version, bool flexible)
    {
        var reader = new KafkaReader(body);
        reader.ReadInt32(); // replica id: always a consumer here
        var maxWaitMs = reader.ReadInt32();
        var minBytes = reader.ReadInt32();
        var maxBytes = version >= 3 ? reader.ReadInt32() : int.MaxValue;
        if (version >= 4)
        {
            reader.ReadInt8(); // isolation level: without transactions both levels see the same data
        }

        var sessionId = 0;
        if (version >= 7)
        {
            sessionId = reader.ReadInt32();
            reader.ReadInt32(); // session epoch
        }

        var topicCount = reader.ReadArrayLength(flexible);
        var topics = new List<FetchTopicRequest>(Math.Max(topicCount, 0));
        for (var t = 0; t < topicCount; t++)
        {
            var name = reader.ReadString(flexible);
            var partitionCount = reader.ReadArrayLength(flexible);
            var partitions = new List<FetchPartitionRequest>(Math.Max(partitionCount, 0));
            for (var p = 0; p < partitionCount; p++)
            {
                var index = reader.ReadInt32();
                if (version >= 9)
                {
                    reader.ReadInt32(); // current leader epoch
                }

                var offset = reader.ReadInt64();
                if (version >= 12)
                {
                    reader.ReadInt32(); // last fetched epoch
                }

                if (version >= 5)
                {
                    reader.ReadInt64(); // follower log start offset
                }

                var partitionMaxBytes = reader.ReadInt32();
                reader.EndStruct(flexible);
                partitions.Add(new FetchPartitionRequest(index, offset, partitionMaxBytes));
            }

            reader.EndStruct(flexible);
            topics.Add(new FetchTopicRequest(name, partitions));
        }

        // Forgotten topics and rack id only matter for fetch sessions and follower fetching,
        // neither of which this broker offers; the rest of the body is left unread.
        return new FetchRequest(maxWaitMs, minBytes, maxBytes, sessionId, topics);
    }
}

internal sealed record FetchTopicRequest(string Name, IReadOnlyList<FetchPartitionRequest> Partitions);

internal sealed record FetchPartitionRequest(int Index, long Offset, int MaxBytes);
