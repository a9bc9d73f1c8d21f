using Microsoft.Extensions.Options;

namespace EventStreams.Hosting;

/// <summary>
/// Turns a configuration error at start-up into one readable line and an exit code, instead of
/// an unhandled exception with a stack trace. Any other exception still propagates.
/// </summary>
public static class StartupFailure
{
    /// <summary>The process exit code for a configuration that cannot be used.</summary>
    public const int ConfigurationExitCode = 2;

    public static async Task<int> RunAsync(Func<Task> run)
    {
        try
        {
            await run();
            return 0;
        }
        catch (Exception e) when (Describe(e) is { } message)
        {
            await Console.Error.WriteLineAsync($"Start-up failed: {message}");
            return ConfigurationExitCode;
        }
    }

    /// <summary>The message of the configuration error inside <paramref name="e"/> (hosts and Orleans wrap them), or null.</summary>
    public static string? Describe(Exception? e) => e switch
    {
        null => null,
        InvalidConfigurationException or OptionsValidationException => e.Message,
        // Several options classes that fail together: every one of their messages.
        AggregateException aggregate => aggregate.InnerExceptions.Select(Describe).OfType<string>().Distinct().ToArray() is { Length: > 0 } all
            ? string.Join(" ", all)
            : null,
        _ => Describe(e.InnerException),
    };
}
