using Prometheus;

namespace EventStreams.Grains.Events;

/// <summary>
/// Prometheus metrics of event decoding (on the silo that decodes), labelled by topic and
/// partition. Touched only when something is wrong with a message, never per good event.
/// </summary>
public static class EventMetrics
{
    public static readonly Counter InvalidUtf8 = Metrics.CreateCounter(
        "eventstreams_events_invalid_utf8_total",
        "Events whose value or key held bytes that are not UTF-8; each bad sequence was delivered as U+FFFD. "
        + "Counted each time such a message is decoded: once live, and again by each history read of it.",
        ["topic", "partition"]);

    public static readonly Counter Skipped = Metrics.CreateCounter(
        "eventstreams_events_skipped_total",
        "Messages skipped because they are not a JSON object (clients never see them). Counted each time "
        + "such a message is decoded: once live, and again by each history read of it.",
        ["topic", "partition"]);
}
