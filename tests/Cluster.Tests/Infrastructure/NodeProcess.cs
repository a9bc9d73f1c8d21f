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
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add($"--Urls={url}");
        foreach (var (key, value) in settings)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
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
