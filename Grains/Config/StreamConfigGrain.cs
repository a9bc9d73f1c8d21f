using EventStreams.Grains.Interfaces.Config;
using Microsoft.Extensions.Logging;

namespace EventStreams.Grains.Config;

/// <summary>The cluster's single loader of the stream configuration; gateways cache what it returns.</summary>
public sealed class StreamConfigGrain(StreamConfigLoader loader, ILogger<StreamConfigGrain> logger) : Grain, IStreamConfigGrain
{
    private StreamCatalog? _catalog;

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _catalog = await loader.LoadAsync(version: 1, cancellationToken);
        logger.LogInformation("Loaded stream configuration: {StreamCount} streams (aliases included)", _catalog.Streams.Length);
    }

    public Task<StreamCatalog> GetCatalog() => Task.FromResult(_catalog!);
}
