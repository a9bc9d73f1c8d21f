namespace EventStreams.Gateway.Api;

/// <summary>How long one connection may live: Gateway:MaxConnectionDuration less a random part of Gateway:MaxConnectionDurationJitter.</summary>
internal static class ConnectionDuration
{
    /// <summary>Zero: unlimited.</summary>
    public static TimeSpan Pick(GatewayOptions options, Random random) =>
        options.MaxConnectionDuration <= TimeSpan.Zero
            ? TimeSpan.Zero
            : options.MaxConnectionDuration - options.MaxConnectionDurationJitter * random.NextDouble();
}
