namespace EventStreams.Bench.Load;

/// <summary>
/// When a churning client leaves and how long it stays away: each connection lasts a random time
/// between <see cref="MinStay"/> and <see cref="MaxStay"/> (uniform), then the client closes it
/// and comes back after a random time between <see cref="MinAway"/> and <see cref="MaxAway"/>,
/// resuming with its Last-Event-ID. Random, so that a few thousand clients that connected
/// within seconds of one another do not all leave together; one generator per client (seeded by
/// its index), so a run's schedule can be reproduced and clients share no lock.
/// </summary>
public sealed class ChurnSchedule
{
    private readonly Random _random;

    public ChurnSchedule(TimeSpan minStay, TimeSpan maxStay, TimeSpan minAway, TimeSpan maxAway, int seed)
    {
        if (minStay <= TimeSpan.Zero || maxStay < minStay)
        {
            throw new ArgumentException($"A stay needs 0 < min ≤ max (was {minStay}–{maxStay}).");
        }
        if (minAway < TimeSpan.Zero || maxAway < minAway)
        {
            throw new ArgumentException($"An absence needs 0 ≤ min ≤ max (was {minAway}–{maxAway}).");
        }
        (MinStay, MaxStay, MinAway, MaxAway) = (minStay, maxStay, minAway, maxAway);
        _random = new Random(seed);
    }

    public TimeSpan MinStay { get; }

    public TimeSpan MaxStay { get; }

    public TimeSpan MinAway { get; }

    public TimeSpan MaxAway { get; }

    /// <summary>How long the next connection lasts before the client leaves.</summary>
    public TimeSpan NextStay() => Between(MinStay, MaxStay);

    /// <summary>How long the client stays away before it comes back.</summary>
    public TimeSpan NextAway() => Between(MinAway, MaxAway);

    /// <summary>Parses "STAYMIN STAYMAX AWAYMIN AWAYMAX" in seconds (the load command's churn arguments).</summary>
    public static ChurnSchedule Parse(ReadOnlySpan<string> seconds, int seed)
    {
        if (seconds.Length != 4)
        {
            throw new ArgumentException("churn needs four numbers of seconds: STAYMIN STAYMAX AWAYMIN AWAYMAX.");
        }
        var s = new TimeSpan[4];
        for (var i = 0; i < 4; i++)
        {
            s[i] = TimeSpan.FromSeconds(double.Parse(seconds[i], System.Globalization.CultureInfo.InvariantCulture));
        }
        return new ChurnSchedule(s[0], s[1], s[2], s[3], seed);
    }

    private TimeSpan Between(TimeSpan min, TimeSpan max) => min + (max - min) * _random.NextDouble();
}
