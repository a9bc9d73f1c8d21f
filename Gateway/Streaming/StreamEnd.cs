namespace EventStreams.Gateway.Streaming;

internal enum StreamEnd
{
    ClientGone,
    TooSlow,
    Error,

    /// <summary>The feed lost events it could not fill in (see <see cref="FeedGapFiller"/>): end cleanly so the client resumes with its id.</summary>
    FeedReset,

    /// <summary>The node is draining (<see cref="Drain.ConnectionDrain"/>): end cleanly so the client resumes elsewhere with its id.</summary>
    Drained,
}
