using EventStreams.DevBroker.Protocol;

namespace EventStreams.DevBroker.Apis;

/// <summary>The implemented APIs; exactly these are advertised in ApiVersions.</summary>
internal sealed class ApiCatalog
{
    private readonly Dictionary<ApiKey, ApiHandler> _byKey;

    public ApiCatalog(BrokerState state)
    {
        ApiHandler[] handlers =
        [
            new ProduceHandler(state),
            new FetchHandler(state),
            new ListOffsetsHandler(state),
            new MetadataHandler(state),
            new ApiVersionsHandler(this),
            new CreateTopicsHandler(state),
            new DeleteTopicsHandler(state),
            new InitProducerIdHandler(),
        ];
        Handlers = handlers;
        _byKey = handlers.ToDictionary(h => h.Key);
    }

    public IReadOnlyList<ApiHandler> Handlers { get; }

    public ApiHandler? Find(ApiKey key) => _byKey.GetValueOrDefault(key);

    /// <summary>Whether the request uses header v2 (flexible) rather than v1.</summary>
    public bool IsFlexibleRequest(ApiKey key, short version) => Find(key)?.IsFlexible(version) ?? false;
}
