using System.Diagnostics;

namespace EventStreams.DevBroker.Tests.Kcat;

/// <summary>Runs the kcat binary with a bounded wait; a missing kcat fails the test loudly.</summary>
internal static class KcatRunner
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task<string> RunAsync(string? stdin, params string[] args)
    {
        var path = FindOnPath("kcat")
            ?? throw new Xunit.Sdk.XunitException("kcat is not on PATH. Install it (Debian: apt-get install -y kcat); these tests must not be skipped.");

        var start = new ProcessStartInfo(path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("kcat did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }

        process.StandardInput.Close();
        using var cts = new CancellationTokenSource(Timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new Xunit.Sdk.XunitException($"kcat {string.Join(' ', args)} did not finish within {Timeout}. stderr: {await errors}");
        }

        if (process.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException($"kcat {string.Join(' ', args)} exited with {process.ExitCode}. stderr: {await errors}");
        }

        return await output;
    }

    private static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
