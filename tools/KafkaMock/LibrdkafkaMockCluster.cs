using System.Runtime.InteropServices;
using System.Text;

namespace EventStreams.Tools.KafkaMock;

/// <summary>
/// librdkafka's built-in mock Kafka cluster, started in this process. Its brokers listen on
/// 127.0.0.1 at random ports and speak the real protocol, so any Kafka client can use it.
/// Limits: offset-by-timestamp look-ups always answer -1, AdminClient.CreateTopics times out
/// (use <see cref="CreateTopic"/>), and an empty fetch waits for the full fetch.wait.max.ms.
/// </summary>
public sealed class LibrdkafkaMockCluster : IDisposable
{
    private const int ErrorBufferSize = 512;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    public LibrdkafkaMockCluster(int brokerCount = 1)
    {
        LibrdkafkaNative.EnsureLoaded();
        var errstr = new byte[ErrorBufferSize];
        var conf = LibrdkafkaNative.ConfNew();
        // The mock cluster needs a client handle to own it; this one never connects anywhere.
        LibrdkafkaNative.ConfSet(conf, "log_level", "3", errstr, ErrorBufferSize);
        _handle = LibrdkafkaNative.New(LibrdkafkaNative.ProducerType, conf, errstr, ErrorBufferSize);
        if (_handle == IntPtr.Zero)
        {
            throw new InvalidOperationException($"rd_kafka_new failed: {Encoding.UTF8.GetString(errstr).TrimEnd('\0')}");
        }
        _cluster = LibrdkafkaNative.MockClusterNew(_handle, brokerCount);
        if (_cluster == IntPtr.Zero)
        {
            LibrdkafkaNative.Destroy(_handle);
            throw new InvalidOperationException("rd_kafka_mock_cluster_new failed.");
        }
        BootstrapServers = Marshal.PtrToStringUTF8(LibrdkafkaNative.MockClusterBootstraps(_cluster))
            ?? throw new InvalidOperationException("The mock cluster reported no bootstrap servers.");
    }

    public string BootstrapServers { get; }

    public void CreateTopic(string topic, int partitions = 1)
    {
        var error = LibrdkafkaNative.MockTopicCreate(_cluster, topic, partitions, 1);
        if (error != 0)
        {
            throw new InvalidOperationException($"Creating mock topic {topic} failed with Kafka error {error}.");
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        LibrdkafkaNative.MockClusterDestroy(_cluster);
        LibrdkafkaNative.Destroy(_handle);
    }
}
