using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;

namespace EventStreams.Tools.KafkaMock;

/// <summary>
/// librdkafka's built-in mock Kafka cluster, started in this process. Its brokers listen on
/// 127.0.0.1 at random ports and speak the real protocol, so any Kafka client can use it.
/// Limits: offset-by-timestamp look-ups always answer -1, AdminClient.CreateTopics times out
/// (use <see cref="CreateTopic"/>), and an empty fetch waits for the full fetch.wait.max.ms.
/// Faults can be injected into a running cluster: brokers down and up, added round-trip time,
/// partition leaders moved, and request errors (librdkafka's own mock API, made for its tests).
/// Broker ids run from 1 to <see cref="BrokerCount"/>.
/// </summary>
public sealed class LibrdkafkaMockCluster : IDisposable
{
    private const int ErrorBufferSize = 512;
    private readonly IntPtr _handle;
    private readonly IntPtr _cluster;
    private bool _disposed;

    public LibrdkafkaMockCluster(int brokerCount = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerCount, 1);
        BrokerCount = brokerCount;
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

    public int BrokerCount { get; }

    /// <param name="replicationFactor">At most <see cref="BrokerCount"/>; leaders are spread over the brokers.</param>
    public void CreateTopic(string topic, int partitions = 1, int replicationFactor = 1)
    {
        var error = LibrdkafkaNative.MockTopicCreate(_cluster, topic, partitions, replicationFactor);
        if (error != 0)
        {
            throw new InvalidOperationException($"Creating mock topic {topic} failed with Kafka error {error}.");
        }
    }

    /// <summary>Disconnects the broker's clients and refuses new connections; its partitions keep their leader (no failover).</summary>
    public void SetBrokerDown(int brokerId) => Check(LibrdkafkaNative.MockBrokerSetDown(_cluster, CheckBroker(brokerId)), $"setting broker {brokerId} down");

    /// <summary>Makes a broker accept connections again.</summary>
    public void SetBrokerUp(int brokerId) => Check(LibrdkafkaNative.MockBrokerSetUp(_cluster, CheckBroker(brokerId)), $"setting broker {brokerId} up");

    /// <summary>Delays every response of the broker by <paramref name="rtt"/>; zero removes the delay.</summary>
    public void SetBrokerRtt(int brokerId, TimeSpan rtt) =>
        Check(LibrdkafkaNative.MockBrokerSetRtt(_cluster, CheckBroker(brokerId), (int)rtt.TotalMilliseconds), $"setting broker {brokerId}'s rtt");

    /// <summary>Moves a partition's leadership; its log stays as it is (the mock keeps one log per partition).</summary>
    public void SetPartitionLeader(string topic, int partition, int brokerId) =>
        Check(LibrdkafkaNative.MockPartitionSetLeader(_cluster, topic, partition, CheckBroker(brokerId)), $"moving {topic}/{partition} to broker {brokerId}");

    /// <summary>The next requests of this type, to any broker, fail with these errors, one each, in order.</summary>
    public void PushRequestErrors(MockApiKey api, params ErrorCode[] errors)
    {
        var codes = errors.Select(e => (int)e).ToArray();
        LibrdkafkaNative.MockPushRequestErrorsArray(_cluster, (short)api, (nuint)codes.Length, codes);
    }

    /// <summary>The next requests of this type to one broker fail with these errors, one each, in order (before any cluster-wide ones).</summary>
    public void PushBrokerRequestErrors(int brokerId, MockApiKey api, params ErrorCode[] errors)
    {
        CheckBroker(brokerId);
        foreach (var error in errors)
        {
            Check(LibrdkafkaNative.MockBrokerPushRequestErrorRtt(_cluster, brokerId, (short)api, 1, (int)error, 0), $"pushing {error} onto broker {brokerId}");
        }
    }

    /// <summary>How many errors pushed with <see cref="PushBrokerRequestErrors"/> the broker has not answered with yet.</summary>
    public int BrokerErrorsPending(int brokerId, MockApiKey api)
    {
        Check(LibrdkafkaNative.MockBrokerErrorStackCount(_cluster, CheckBroker(brokerId), (short)api, out var count), $"counting broker {brokerId}'s errors");
        return (int)count;
    }

    /// <summary>Drops the cluster-wide errors still pushed for a request type.</summary>
    public void ClearRequestErrors(MockApiKey api) => LibrdkafkaNative.MockClearRequestErrors(_cluster, (short)api);

    private int CheckBroker(int brokerId)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfLessThan(brokerId, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokerId, BrokerCount);
        return brokerId;
    }

    private static void Check(int error, string what)
    {
        if (error != 0)
        {
            throw new InvalidOperationException($"Mock cluster: {what} failed with {(ErrorCode)error}.");
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

/// <summary>Kafka protocol request types (ApiKey), for request-error injection.</summary>
public enum MockApiKey : short
{
    Produce = 0,
    Fetch = 1,
    ListOffsets = 2,
    Metadata = 3,
}
