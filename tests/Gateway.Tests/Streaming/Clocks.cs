using EventStreams.Gateway.Streaming;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Tests.Streaming;

/// <summary>Fan-out clocks for tests.</summary>
internal static class Clocks
{
    /// <summary>No pacing: with an interval of zero every batch wakes its connections at once (the timer is never armed).</summary>
    public static FanoutClock Immediate { get; } = new(Options.Create(new GatewayOptions { FanoutInterval = TimeSpan.Zero }), TimeProvider.System);
}
