using System.Diagnostics;
using System.Net;

namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>
/// One node of the cluster under test: the real Silo or Gateway program, started from its build
/// output as its own OS process, with its log kept for the test's failure message.
/// Kill() is kill -9 (SIGKILL): no shutdown code runs, as when a machine dies.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int MaxLogLines = 400;

    /// <summary>Every node's whole log goes to a file here too, for reading after a failed run.</summary>
    public static string LogDirectory { get; } = Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), "eventstreams-cluster-tests")).FullName;

    private readonly Queue<string> _log = new();
    private readonly Process _process;
    private readonly StreamWriter _file;
    private bool _disposed;

    private NodeProcess(string name, Process process, string url)
    {
        Name = name;
        _process = process;
        Url = url;
        _file = new StreamWriter(Path.Combine(LogDirectory, $"{DateTime.UtcNow:HHmmss}-{name}-{process.Id}.log")) { AutoFlush = true };
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Name { get; }

    /// <summary>The node's HTTP address (http://127.0.0.1:port).</summary>
    public string Url { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="program"/> (Silo or Gateway) listening on <paramref name="httpPort"/>, with command-line settings.</summary>
    public static NodeProcess Start(string name, string program, int httpPort, IEnumerable<KeyValuePair<string, string>> settings)
    {
        var dll = Repository.ProgramPath(program);
        var url = $"http://127.0.0.1:{httpPort}";
        string[] args = [dll, $"--Urls={url}", .. settings.Select(s => $"--{s.Key}={s.Value}")];
        return StartCommand(name, "dotnet", args, new Dictionary<string, string>(), Path.GetDirectoryName(dll)!, url);
    }

    /// <summary>Starts any command as a node (e.g. a published image's entrypoint), with exactly this environment added.</summary>
    public static NodeProcess StartCommand(string name, string fileName, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment,
        string workingDirectory, string url)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }
        return new NodeProcess(name, Process.Start(start)!, url);
    }

    public string Log()
    {
        lock (_log)
        {
            return $"--- {Name} ---\n{string.Join('\n', _log)}";
        }
    }

    public bool LogContains(string text)
    {
        lock (_log)
        {
            return _log.Any(line => line.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>kill -TERM: the host stops as Kubernetes stops a pod (drain, then shutdown).</summary>
    public void Terminate()
    {
        using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString()]);
        kill.WaitForExit();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {_process.Id} failed with exit code {kill.ExitCode}.");
        }
    }

    /// <summary>Waits for the process to end on its own and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        await _process.WaitForExitAsync().WaitAsync(timeout);
        return _process.ExitCode;
    }

    /// <summary>kill -9.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
    }

    /// <summary>Waits until /readyz answers 200.</summary>
    public async Task WaitUntilReadyAsync(HttpClient http, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {_process.ExitCode}.\n{Log()}");
            }
            try
            {
                using var response = await http.GetAsync($"{Url}/readyz");
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{Name} did not become ready within {timeout}.\n{Log()}");
            }
            await Task.Delay(100);
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_log)
        {
            if (_disposed)
            {
                return;
            }
            _file.WriteLine(line);
            _log.Enqueue(line);
            while (_log.Count > MaxLogLines)
            {
                _log.Dequeue();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        lock (_log)
        {
            _disposed = true;
            _file.Dispose();
        }
    }
}
