using EventStreams.Hosting;

namespace EventStreams.Gateway.Drain;

/// <summary>
/// How a gateway node lets go of its clients when it is told to stop (SIGTERM, Ctrl+C), bound
/// from "Gateway:Drain". /readyz turns 503 at once; the node keeps serving for <see cref="Delay"/>
/// while the load balancer takes it out of rotation, then ends its streams spread evenly over
/// <see cref="Window"/>, so their clients reconnect (with Last-Event-ID) elsewhere a few at a
/// time instead of all in the same second. Both zero (the default, for a single machine with no
/// load balancer): every stream ends at once. Kubernetes: deploy/k8s sets 10 s and 30 s.
/// </summary>
public sealed class DrainOptions : IValidatableOptions
{
    public const string SectionName = "Gateway:Drain";

    /// <summary>Neither phase may hold shutdown longer: Kubernetes would have to wait as long before it kills the pod.</summary>
    public static readonly TimeSpan MaxPhase = TimeSpan.FromMinutes(10);

    /// <summary>
    /// After the drain, the rest of the host still has to stop (the Orleans client or silo leaves
    /// the cluster, timers end): the shutdown timeout is the drain plus this, and the pod's
    /// termination grace period must exceed it. A silo leaving the cluster took under 5 s in the
    /// cluster tests; 15 s leaves room for a slow one.
    /// </summary>
    public static readonly TimeSpan StopAfterDrain = TimeSpan.FromSeconds(15);

    /// <summary>How long the node goes on serving, new streams included, after /readyz turned 503.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>The time over which the open streams are ended, evenly spread.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.Zero;

    /// <summary>The host's shutdown timeout that this drain needs: <see cref="Delay"/> + <see cref="Window"/> + <see cref="StopAfterDrain"/>.</summary>
    public TimeSpan ShutdownTimeout => Delay + Window + StopAfterDrain;

    public string? Validate()
    {
        List<string> errors = [];
        if (Delay < TimeSpan.Zero || Delay > MaxPhase)
            errors.Add($"{SectionName}:{nameof(Delay)} must be between 00:00:00 and {MaxPhase} (was {Delay}).");
        if (Window < TimeSpan.Zero || Window > MaxPhase)
            errors.Add($"{SectionName}:{nameof(Window)} must be between 00:00:00 and {MaxPhase} (was {Window}).");
        return errors.Count == 0 ? null : string.Join(" ", errors);
    }
}
