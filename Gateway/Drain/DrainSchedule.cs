namespace EventStreams.Gateway.Drain;

/// <summary>
/// When each of <see cref="Count"/> streams ends within a window: the i-th (from 0) at
/// i × window / count, so the first ends as the window opens and the last one slot before it
/// closes. Integer arithmetic on ticks (a stream due at <see cref="DueAt"/> is always counted by
/// <see cref="DueBy"/> at that instant), for the drain and its tests.
/// </summary>
internal readonly record struct DrainSchedule(int Count, TimeSpan Window)
{
    /// <summary>How many streams should have ended once <paramref name="elapsed"/> of the window has passed.</summary>
    public int DueBy(TimeSpan elapsed)
    {
        if (Count == 0 || elapsed >= Window)
        {
            return Count;
        }
        if (elapsed < TimeSpan.Zero)
        {
            return 0;
        }
        return (int)Math.Min(Count, Count * elapsed.Ticks / Window.Ticks + 1);
    }

    /// <summary>When the stream with index <paramref name="index"/> is due, from the window's start (rounded up to a tick).</summary>
    public TimeSpan DueAt(int index) =>
        Count == 0 ? TimeSpan.Zero : TimeSpan.FromTicks((Window.Ticks * index + Count - 1) / Count);
}
