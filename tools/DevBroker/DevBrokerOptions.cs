namespace EventStreams.DevBroker;

/// <summary>Settings of a <see cref="KafkaDevBroker"/>.</summary>
public sealed class DevBrokerOptions
{
    /// <summary>Address to listen on; also advertised to clients in Metadata (0.0.0.0 advertises 127.0.0.1).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Port to listen on; 0 picks a free port.</summary>
    public int Port { get; set; } = 0;

    /// <summary>Whether a Metadata request for an unknown topic creates it (as Kafka's auto.create.topics.enable).</summary>
    public bool AutoCreateTopics { get; set; } = true;

    /// <summary>Partition count for auto-created topics and CreateTopics requests that ask for the default (-1).</summary>
    public int DefaultPartitions { get; set; } = 1;

    /// <summary>Bytes kept per partition; the oldest whole batches are dropped beyond this.</summary>
    public long RetentionBytesPerPartition { get; set; } = 256L * 1024 * 1024;

    /// <summary>Batches whose largest record timestamp is older than this are dropped.</summary>
    public TimeSpan RetentionTime { get; set; } = TimeSpan.FromDays(7);
}
