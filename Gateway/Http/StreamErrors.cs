namespace EventStreams.Gateway.Http;

/// <summary>The 503s a stream request gets when what it needs does not answer; the client should retry.</summary>
internal static class StreamErrors
{
    public static IResult ClusterUnavailable(HttpContext context) =>
        ErrorBody.Result(context, StatusCodes.Status503ServiceUnavailable, "cluster_unavailable", "Cluster Unavailable",
            "The stream could not be started because no silo of the cluster answered. Try again shortly.");

    public static IResult KafkaUnavailable(HttpContext context) =>
        ErrorBody.Result(context, StatusCodes.Status503ServiceUnavailable, "kafka_unavailable", "Kafka Unavailable",
            "The stream could not be started because Kafka did not answer. Try again shortly.");
}
