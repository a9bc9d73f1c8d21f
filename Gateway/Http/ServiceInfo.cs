namespace EventStreams.Gateway.Http;

/// <summary>What the service says about itself (/_info, the OpenAPI document's info); kept in one place.</summary>
public static class ServiceInfo
{
    /// <summary>The original's name: clients and dashboards that read /_info/name keep working.</summary>
    public const string Name = "eventstreams";

    public const string Version = "0.9.0";

    public const string Description = "Streaming Wikimedia Events via HTTP SSE";

    /// <summary>
    /// This re-implementation has no public page of its own; the service's user documentation is
    /// where both the original and the OpenAPI document's externalDocs point readers.
    /// </summary>
    public const string Home = "https://wikitech.wikimedia.org/wiki/Event_Platform/EventStreams_HTTP_Service";
}
