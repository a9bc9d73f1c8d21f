using Microsoft.Extensions.Logging;

namespace EventStreams.DevBroker;

/// <summary>Runs the dev broker as a standalone process until Ctrl+C or SIGTERM.</summary>
internal static class Program
{
    private const int ExitUsage = 2;

    public static async Task<int> Main(string[] args)
    {
        CommandLine commandLine;
        try
        {
            commandLine = CommandLine.Parse(args);
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            await Console.Error.WriteLineAsync(CommandLine.Usage);
            return ExitUsage;
        }

        var logger = new ConsoleLogger(LogLevel.Information);
        using var stop = new CancellationTokenSource();

        // Ctrl+C and SIGTERM both end the process gracefully; cancelling the default action
        // keeps the runtime from killing us before the broker has closed its sockets.
        using var sigint = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGINT, ctx => { ctx.Cancel = true; stop.Cancel(); });
        using var sigterm = System.Runtime.InteropServices.PosixSignalRegistration.Create(
            System.Runtime.InteropServices.PosixSignal.SIGTERM, ctx => { ctx.Cancel = true; stop.Cancel(); });

        await using var broker = await KafkaDevBroker.StartAsync(commandLine.Options, logger);
        foreach (var (name, partitions) in commandLine.Topics)
        {
            broker.CreateTopic(name, partitions);
            logger.LogInformation("Created topic {Topic} with {Partitions} partition(s)", name, partitions);
        }

        logger.LogInformation("Bootstrap servers: {Bootstrap} (development broker, not for production). Ctrl+C to stop.", broker.BootstrapServers);
        try
        {
            await Task.Delay(Timeout.Infinite, stop.Token);
        }
        catch (OperationCanceledException)
        {
            logger.LogInformation("Stopping");
        }

        return 0;
    }
}
