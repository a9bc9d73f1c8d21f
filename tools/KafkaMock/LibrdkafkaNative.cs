using System.Reflection;
using System.Runtime.InteropServices;

namespace EventStreams.Tools.KafkaMock;

/// <summary>
/// P/Invoke into the librdkafka that Confluent.Kafka already loaded. On Debian that is
/// runtimes/linux-x64/native/centos8-librdkafka.so (the plain build needs libsasl2.so.3,
/// which Debian lacks), so we resolve "rdkafka" to whichever copy is mapped in this process.
/// </summary>
internal static partial class LibrdkafkaNative
{
    private const string Library = "rdkafka";
    private static readonly Lazy<string> LoadedPath = new(FindLoadedLibrary);

    static LibrdkafkaNative()
    {
        NativeLibrary.SetDllImportResolver(typeof(LibrdkafkaNative).Assembly, Resolve);
    }

    /// <summary>Makes sure Confluent.Kafka has loaded librdkafka and our imports resolve to it.</summary>
    public static void EnsureLoaded() => _ = LoadedPath.Value;

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath) =>
        name == Library ? NativeLibrary.Load(LoadedPath.Value) : IntPtr.Zero;

    private static string FindLoadedLibrary()
    {
        Confluent.Kafka.Library.Load();
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var path = line.Split(' ', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (path is not null && path.StartsWith('/') && Path.GetFileName(path).Contains("librdkafka", StringComparison.Ordinal))
            {
                return path;
            }
        }
        throw new InvalidOperationException("librdkafka is not mapped in this process although Confluent.Kafka reported it loaded.");
    }

    public const int ProducerType = 0;

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_new")]
    public static partial IntPtr ConfNew();

    [LibraryImport(Library, EntryPoint = "rd_kafka_conf_set", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int ConfSet(IntPtr conf, string name, string value, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_new")]
    public static partial IntPtr New(int type, IntPtr conf, byte[] errstr, nuint errstrSize);

    [LibraryImport(Library, EntryPoint = "rd_kafka_destroy")]
    public static partial void Destroy(IntPtr rk);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_new")]
    public static partial IntPtr MockClusterNew(IntPtr rk, int brokerCount);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_destroy")]
    public static partial void MockClusterDestroy(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_cluster_bootstraps")]
    public static partial IntPtr MockClusterBootstraps(IntPtr cluster);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_topic_create", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockTopicCreate(IntPtr cluster, string topic, int partitionCount, int replicationFactor);

    // Fault injection. Each returns an rd_kafka_resp_err_t (0 = done); broker ids start at 1.

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_down")]
    public static partial int MockBrokerSetDown(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_up")]
    public static partial int MockBrokerSetUp(IntPtr cluster, int brokerId);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_set_rtt")]
    public static partial int MockBrokerSetRtt(IntPtr cluster, int brokerId, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_partition_set_leader", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int MockPartitionSetLeader(IntPtr cluster, string topic, int partition, int brokerId);

    /// <summary>The cluster-wide error stack of one request type (any broker answers the next requests with these).</summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_push_request_errors_array")]
    public static partial void MockPushRequestErrorsArray(IntPtr cluster, short apiKey, nuint count, int[] errors);

    /// <summary>
    /// One (error, rtt) tuple onto one broker's error stack. The C function is variadic; .NET has
    /// no portable variadic P/Invoke, but on linux-x64 (System V ABI, the only platform the
    /// resolver above supports) a call whose six arguments are all integers passes them in the
    /// same registers as a fixed-arity call, so we always push exactly one tuple per call.
    /// </summary>
    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_push_request_error_rtts")]
    public static partial int MockBrokerPushRequestErrorRtt(IntPtr cluster, int brokerId, short apiKey, nuint count, int error, int rttMs);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_broker_error_stack_cnt")]
    public static partial int MockBrokerErrorStackCount(IntPtr cluster, int brokerId, short apiKey, out nuint count);

    [LibraryImport(Library, EntryPoint = "rd_kafka_mock_clear_request_errors")]
    public static partial void MockClearRequestErrors(IntPtr cluster, short apiKey);
}
