namespace EventStreams.Grains.Interfaces.Config;

/// <summary>The single loader of the stream configuration for the whole cluster (key 0).</summary>
public interface IStreamConfigGrain : IGrainWithIntegerKey
{
    Task<StreamCatalog> GetCatalog();
}
