using System.Diagnostics;
using System.Globalization;

namespace EventStreams.Bench.Run;

/// <summary>
/// The service as users run it (the Silo host: silo + gateway), in its own process, plus what
/// /proc says about it: memory, CPU time, librdkafka clients and sockets to the broker.
/// </summary>
public sealed class ServiceUnderTest : IAsyncDisposable
{
    private readonly Process _process;

    private ServiceUnderTest(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public int Pid => _process.Id;

    public static async Task<ServiceUnderTest> StartAsync(string repoRoot, string bootstrap, string streamConfigPath, IEnumerable<string> extraArgs)
    {
        var dll = Path.Combine(repoRoot, "Silo", "bin", "Release", "net10.0", "EventStreams.Silo.dll");
        var port = FreePort();
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        foreach (var arg in new[]
        {
            dll, $"--Kafka:BootstrapServers={bootstrap}", $"--StreamConfig:Uri={streamConfigPath}",
            $"--Urls=http://127.0.0.1:{port}", $"--Orleans:SiloPort={FreePort()}", $"--Orleans:GatewayPort={FreePort()}",
            "--Logging:LogLevel:Default=Warning", "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Warning",
        }.Concat(extraArgs))
        {
            info.ArgumentList.Add(arg);
        }
        var process = Process.Start(info) ?? throw new InvalidOperationException("Could not start the service.");
        // Drain its output so it never blocks on a full pipe; keep warnings visible.
        process.OutputDataReceived += (_, e) => { if (e.Data is { } d && (d.Contains("fail") || d.Contains("crit"))) Console.Error.WriteLine($"[service] {d}"); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is { } d) Console.Error.WriteLine($"[service] {d}"); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new ServiceUnderTest(process, port);
        await service.WaitReadyAsync();
        return service;
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var response = await http.GetAsync($"http://127.0.0.1:{Port}/v2/stream/bench-idle", HttpCompletionOption.ResponseHeadersRead);
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
                throw new InvalidOperationException($"The service exited with code {_process.ExitCode} before it was ready.");
            }
            await Task.Delay(250);
        }
        throw new TimeoutException("The service did not become ready within 90 s.");
    }

    /// <summary>Resident memory in bytes (VmRSS).</summary>
    public long Rss() => ProcFs.RssBytes(Pid);

    /// <summary>User + system CPU seconds used so far.</summary>
    public double CpuSeconds() => ProcFs.CpuSeconds(Pid);

    /// <summary>librdkafka client instances (each has exactly one "rdk:main" thread).</summary>
    public int LibrdkafkaClients() => ProcFs.ThreadsNamed(Pid, "rdk:main");

    /// <summary>Established TCP connections from the service to the given port.</summary>
    public int ConnectionsTo(int port) => ProcFs.EstablishedTo(Pid, port);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }

    private static int FreePort()
    {
        using var l = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        return ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
    }
}

/// <summary>Readings from /proc.</summary>
public static class ProcFs
{
    public static long RssBytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).First();

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    public static int ThreadsNamed(int pid, string name) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Count(t =>
        {
            try { return File.ReadAllText(Path.Combine(t, "comm")).Trim() == name; }
            catch (IOException) { return false; }
        });

    public static int EstablishedTo(int pid, int port)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
            }
        }
        var hexPort = port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1).Concat(File.ReadLines("/proc/net/tcp6").Skip(1))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f[2].EndsWith(":" + hexPort, StringComparison.Ordinal) && f[3] == "01" && inodes.Contains(f[9]));
    }
}
