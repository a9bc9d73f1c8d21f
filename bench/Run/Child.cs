using System.Diagnostics;
using System.Text.Json;

namespace EventStreams.Bench.Run;

/// <summary>A child process of the bench (load client or producer) that answers on stdout with "@@{json}" lines.</summary>
public sealed class Child : IAsyncDisposable
{
    private readonly Process _process;

    private Child(Process process) => _process = process;

    public int Id => _process.Id;

    public static Child Start(string benchDll, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(benchDll);
        foreach (var a in args)
        {
            info.ArgumentList.Add(a);
        }
        return new Child(Process.Start(info) ?? throw new InvalidOperationException("Could not start a bench child process."));
    }

    public async Task<JsonElement> AskAsync(string command)
    {
        await _process.StandardInput.WriteLineAsync(command);
        await _process.StandardInput.FlushAsync();
        return await AnswerAsync();
    }

    public async Task<JsonElement> AnswerAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("@@", StringComparison.Ordinal))
            {
                return JsonDocument.Parse(line[2..]).RootElement.Clone();
            }
        }
        throw new InvalidOperationException("A bench child process ended without answering.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            try
            {
                await _process.StandardInput.WriteLineAsync("close");
                await _process.StandardInput.FlushAsync();
                await _process.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
            }
            catch (Exception)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        _process.Dispose();
    }
}
