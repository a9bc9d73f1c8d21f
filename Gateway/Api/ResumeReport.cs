namespace EventStreams.Gateway.Api;

/// <summary>
/// Whether a stream's requested start (Last-Event-ID or since) was honoured exactly. Clients that
/// care read it from a response header (SSE clients also get it as a comment, which every SSE
/// parser ignores); nothing else on the wire changes. Not exact when an id's offset did not hold
/// in this cluster and its timestamp was used, when the start lies before retention, or beyond
/// the end. Centrifugo answers recovered:false and Mercure echoes the position it used, for the
/// same reason: a client that resumes should know when it may have missed or repeated events.
/// </summary>
internal sealed record ResumeReport(bool Requested, IReadOnlyList<string> Inexact)
{
    /// <summary><c>exact</c> or <c>inexact</c>; absent when the stream starts at the live end.</summary>
    public const string Header = "EventStreams-Resume";

    /// <summary>With <c>inexact</c>: <c>topic/partition=reason</c> for each partition not started exactly.</summary>
    public const string DetailHeader = "EventStreams-Resume-Detail";

    public static ResumeReport None { get; } = new(false, []);

    public bool IsExact => Inexact.Count == 0;

    public string Detail => string.Join(", ", Inexact);

    public void WriteHeaders(IHeaderDictionary headers)
    {
        if (!Requested)
        {
            return;
        }
        headers[Header] = IsExact ? "exact" : "inexact";
        if (!IsExact)
        {
            headers[DetailHeader] = Detail;
        }
    }

    /// <summary>The SSE comment that says the same, or null when there is nothing to say.</summary>
    public string? Comment => Requested && !IsExact ? $"resume inexact: {Detail}" : null;
}
