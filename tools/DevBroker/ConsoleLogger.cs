using Microsoft.Extensions.Logging;

namespace EventStreams.DevBroker;

/// <summary>
/// A minimal console logger for the standalone executable, so the library itself needs only
/// the logging abstractions package.
/// </summary>
internal sealed class ConsoleLogger(LogLevel minimumLevel) : ILogger
{
    private readonly Lock _sync = new();

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimumLevel && logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{DateTimeOffset.Now:HH:mm:ss.fff} {logLevel,-11} {formatter(state, exception)}";
        lock (_sync)
        {
            Console.Out.WriteLine(line);
            if (exception is not null)
            {
                Console.Out.WriteLine(exception);
            }
        }
    }
}
