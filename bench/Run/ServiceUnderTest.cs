using System.Diagnostics;

namespace EventStreams.Bench.Run;

/// <summary>
/// One node of the service in its own process, started from its Release build (see
/// <see cref="NodeCommands"/>): the single host of P1–P6, or a silo or gateway of a cluster; plus
/// what /proc says about it: memory, CPU time, librdkafka clients and sockets.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(90);
    private const int ConsoleLineChars = 240;

    private readonly Process _process;
    private StreamWriter? _log;
    private readonly Lock _logLock = new();
    private int _warnings, _errors;

    private ServiceUnderTest(NodeCommand command, Process process, string? logPath)
    {
        Name = command.Name;
        Port = command.HttpPort;
        _process = process;
        _log = logPath is null ? null : new StreamWriter(logPath) { AutoFlush = true };
        // Drain its output so it never blocks on a full pipe; keep errors visible.
        process.OutputDataReceived += (_, e) => OnLine(e.Data, stderr: false);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, stderr: true);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Name { get; }

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}";

    public int Pid => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>Log lines at Warning, and at Error or Critical, so far.</summary>
    public (int Warnings, int Errors) LogCounts => (Volatile.Read(ref _warnings), Volatile.Read(ref _errors));

    /// <summary>Starts a node; with <paramref name="logPath"/> its whole output is kept there.</summary>
    public static ServiceUnderTest Start(NodeCommand command, string? logPath = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(command.Dll)!,
        };
        info.ArgumentList.Add(command.Dll);
        foreach (var arg in command.Arguments)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {command.Name}.");
        return new ServiceUnderTest(command, process, logPath);
    }

    /// <summary>The single host of P1–P6 (and S1), ready once a stream answers; with <paramref name="logPath"/> its whole output is kept there.</summary>
    public static async Task<ServiceUnderTest> StartAsync(NodeCommands nodes, string? logPath = null, IEnumerable<string>? settings = null)
    {
        var service = Start(nodes.SingleHost(settings), logPath);
        await service.WaitReadyAsync("/v2/stream/bench-idle");
        return service;
    }

    /// <summary>Waits until GET <paramref name="path"/> answers 2xx (e.g. /readyz).</summary>
    public async Task WaitReadyAsync(string path)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + ReadyTimeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync(Url + path, HttpCompletionOption.ResponseHeadersRead);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception) when (!_process.HasExited)
            {
            }
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode} before it was ready.");
            }
            await Task.Delay(250);
        }
        throw new TimeoutException($"{Name} did not become ready within {ReadyTimeout.TotalSeconds:N0} s.");
    }

    public async Task<string> GetStringAsync(string path, TimeSpan? timeout = null)
    {
        using var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(10) };
        return await http.GetStringAsync(Url + path);
    }

    /// <summary>kill -9 (SIGKILL): no shutdown code runs, as when a machine dies.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Resident memory in bytes (VmRSS).</summary>
    public long Rss() => ProcFs.RssBytes(Pid);

    /// <summary>User + system CPU seconds used so far.</summary>
    public double CpuSeconds() => ProcFs.CpuSeconds(Pid);

    /// <summary>librdkafka client instances (each has exactly one "rdk:main" thread).</summary>
    public int LibrdkafkaClients() => ProcFs.ThreadsNamed(Pid, "rdk:main");

    /// <summary>Established TCP connections from the service to the given port.</summary>
    public int ConnectionsTo(int port) => ProcFs.EstablishedTo(Pid, port);

    /// <summary>Open file descriptors, sockets included.</summary>
    public int OpenFiles() => ProcFs.OpenFiles(Pid);

    /// <summary>Threads of the process.</summary>
    public int Threads() => ProcFs.Threads(Pid);

    /// <summary>Established connections accepted on its HTTP port (its clients).</summary>
    public int HttpConnections() => ProcFs.EstablishedOn(Pid, Port);

    private void OnLine(string? line, bool stderr)
    {
        if (line is null)
        {
            return;
        }
        var error = line.Contains(" fail: ", StringComparison.Ordinal) || line.Contains(" crit: ", StringComparison.Ordinal);
        if (error)
        {
            Interlocked.Increment(ref _errors);
        }
        else if (line.Contains(" warn: ", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _warnings);
        }
        if (error || stderr)
        {
            // The log file has the whole line (with its stack trace); the console its start.
            Console.Error.WriteLine($"[{Name}] {(line.Length > ConsoleLineChars ? line[..ConsoleLineChars] + " …" : line)}");
        }
        lock (_logLock)
        {
            _log?.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_logLock)
        {
            _log?.Dispose();
            _log = null; // output read after the exit is dropped
        }
    }
}
