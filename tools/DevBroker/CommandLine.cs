namespace EventStreams.DevBroker;

/// <summary>Parses the standalone broker's command line into options and topics to pre-create.</summary>
internal sealed record CommandLine(DevBrokerOptions Options, IReadOnlyList<(string Name, int Partitions)> Topics)
{
    private const string DefaultListen = "127.0.0.1:9092";

    public const string Usage =
        """
        Usage: DevBroker [--listen HOST:PORT] [--topic NAME:PARTITIONS]... [--no-auto-create] [--default-partitions N]
          --listen HOST:PORT        address to listen on (default 127.0.0.1:9092; port 0 picks a free one)
          --topic NAME:PARTITIONS   create a topic at start; repeatable
          --no-auto-create          do not create unknown topics on Metadata requests
          --default-partitions N    partitions of auto-created topics (default 1)
        """;

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var options = new DevBrokerOptions();
        var topics = new List<(string, int)>();
        SetListen(options, DefaultListen);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--listen":
                    SetListen(options, Value(args, ref i));
                    break;
                case "--topic":
                    var (name, partitions) = SplitLast(Value(args, ref i), "--topic expects NAME:PARTITIONS");
                    topics.Add((name, partitions));
                    break;
                case "--no-auto-create":
                    options.AutoCreateTopics = false;
                    break;
                case "--default-partitions":
                    options.DefaultPartitions = ParsePositive(Value(args, ref i), "--default-partitions");
                    break;
                default:
                    throw new ArgumentException($"Unknown argument '{args[i]}'.");
            }
        }

        return new CommandLine(options, topics);
    }

    private static void SetListen(DevBrokerOptions options, string value)
    {
        var (host, port) = SplitLast(value, "--listen expects HOST:PORT");
        options.Host = host;
        options.Port = port;
    }

    private static (string Left, int Number) SplitLast(string value, string error)
    {
        var colon = value.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(value.AsSpan(colon + 1), out var number) || number < 0)
        {
            throw new ArgumentException($"{error}, got '{value}'.");
        }

        return (value[..colon], number);
    }

    private static int ParsePositive(string value, string name) =>
        int.TryParse(value, out var n) && n > 0 ? n : throw new ArgumentException($"{name} expects a positive number, got '{value}'.");

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");
}
