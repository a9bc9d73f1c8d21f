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
}
