using EventStreams.Gateway.Streaming;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Drain;

/// <summary>
/// Lets go of this node's clients when the host stops (see <see cref="DrainOptions"/>). It runs
/// in <see cref="IHostedLifecycleService.StoppingAsync"/>, before any service stops, so Kestrel
/// still accepts connections and the cluster still serves them; /readyz already answers 503
/// (<see cref="Health.DrainingHealthCheck"/>). Then each stream ends at its slot of the window
/// with a clean end of the response, and its client reconnects with its Last-Event-ID. Whatever
/// is still open when the window closes (a stream that arrived during the drain) ends then.
/// </summary>
internal sealed class ConnectionDrain(
    ConnectionRegistry connections,
    IOptions<DrainOptions> options,
    TimeProvider time,
    IHostApplicationLifetime lifetime,
    ILogger<ConnectionDrain> logger)
    : IHostedLifecycleService
{
    /// <summary>
    /// Streams that fall due within this much of each other end in one wake-up: 10,000 streams
    /// over 30 s would otherwise set a timer every 3 ms. Each still ends within 50 ms of its slot.
    /// </summary>
    internal static readonly TimeSpan MinStep = TimeSpan.FromMilliseconds(50);

    private volatile bool _started;

    /// <summary>
    /// True from the moment the host is told to stop: on SIGTERM the host fires ApplicationStopping
    /// before the stopping services run; a host stopped from code does so after them, so the drain
    /// says it has begun too.
    /// </summary>
    public bool IsDraining => _started || lifetime.ApplicationStopping.IsCancellationRequested;

    public Task StoppingAsync(CancellationToken cancellationToken) => DrainAsync(cancellationToken);

    /// <summary>The whole drain; <paramref name="cancellationToken"/> is the host's shutdown timeout, which ends every stream at once.</summary>
    internal async Task DrainAsync(CancellationToken cancellationToken)
    {
        _started = true;
        var (delay, window) = (options.Value.Delay, options.Value.Window);
        logger.LogInformation("Draining: /readyz answers 503; serving on for {Delay}, then ending the open streams over {Window}", delay, window);
        var ended = 0;
        try
        {
            if (delay > TimeSpan.Zero)
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            var open = connections.Snapshot();
            var schedule = new DrainSchedule(open.Length, window);
            var start = time.GetUtcNow();
            while (true)
            {
                var elapsed = time.GetUtcNow() - start;
                var due = schedule.DueBy(elapsed);
                // The next wake-up is set before this round's streams end, so whoever watches them
                // end (a test moving fake time) finds it already waiting.
                var next = due < open.Length
                    ? Task.Delay(Max(schedule.DueAt(due) - elapsed, MinStep), time, cancellationToken)
                    : null;
                for (; ended < due; ended++)
                {
                    open[ended].EndForDrain();
                }
                if (next is null)
                {
                    break;
                }
                await next;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The shutdown timeout ran out during the drain: ending the remaining streams at once");
        }
        finally
        {
            connections.EndAll();
        }
        logger.LogInformation("Drain finished: {Ended} streams ended over the window", ended);
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
