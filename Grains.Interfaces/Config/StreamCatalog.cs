namespace EventStreams.Grains.Interfaces.Config;

/// <summary>Every stream a client may request, aliases included, sorted by name.</summary>
[GenerateSerializer, Immutable]
public sealed record StreamCatalog(
    [property: Id(0)] long Version,
    [property: Id(1)] StreamDefinition[] Streams);

/// <summary>
/// One requestable stream name. <see cref="Topics"/> are consumed by default;
/// <see cref="TopicsAllowed"/> bounds what a Last-Event-ID may name. <see cref="SchemaJson"/> is the
/// stream's JSON schema as compact JSON, when one was configured and could be fetched (for the
/// OpenAPI document); an alias carries its stream's schema.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record StreamDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] string[] Topics,
    [property: Id(2)] string[] TopicsAllowed,
    [property: Id(3)] string Description,
    [property: Id(4)] string? AliasOf,
    [property: Id(5)] string? SchemaTitle,
    [property: Id(6)] string? SchemaJson = null);
