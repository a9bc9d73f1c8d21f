namespace EventStreams.Grains.Topics;

/// <summary>
/// Events per second over a sliding window, from counts added as batches pass. It keeps one
/// counter per second of the window, so adding and reading cost the same whatever the rate.
/// Not thread-safe: its TopicGrain uses it from the grain's scheduler only.
/// </summary>
internal sealed class EventRate
{
    // Ten one-second buckets: long enough to smooth a bursty partition, short enough that an
    // operator sees a stall within seconds.
    private const int WindowSeconds = 10;

    private readonly TimeProvider _time;
    private readonly long _startSecond;
    private readonly long[] _counts = new long[WindowSeconds];
    private readonly long[] _seconds = new long[WindowSeconds];

    public EventRate(TimeProvider time)
    {
        _time = time;
        _startSecond = Now();
        // No bucket belongs to the window before its first count.
        Array.Fill(_seconds, _startSecond - WindowSeconds);
    }

    public void Add(int events)
    {
        var second = Now();
        var bucket = (int)(second % WindowSeconds);
        if (_seconds[bucket] != second)
        {
            _seconds[bucket] = second;
            _counts[bucket] = 0;
        }
        _counts[bucket] += events;
    }

    /// <summary>The average over the window, or over the time since this started when that is shorter.</summary>
    public double PerSecond()
    {
        var second = Now();
        long sum = 0;
        for (var i = 0; i < WindowSeconds; i++)
        {
            if (second - _seconds[i] < WindowSeconds)
            {
                sum += _counts[i];
            }
        }
        return sum / (double)Math.Min(WindowSeconds, second - _startSecond + 1);
    }

    // Monotonic whole seconds: a wall-clock step cannot empty or double the window.
    private long Now() => _time.GetTimestamp() / _time.TimestampFrequency;
}
