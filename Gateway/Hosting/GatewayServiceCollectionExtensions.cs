using EventStreams.Gateway.Api;
using EventStreams.Gateway.Clients;
using EventStreams.Gateway.Config;
using EventStreams.Gateway.Docs;
using EventStreams.Gateway.Drain;
using EventStreams.Gateway.Health;
using EventStreams.Gateway.Http;
using EventStreams.Gateway.Streaming;
using EventStreams.Gateway.Ui;
using EventStreams.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Hosting;

public static class GatewayServiceCollectionExtensions
{
    /// <summary>
    /// The gateway's services. Works in a silo (co-hosted) and in an Orleans client process alike:
    /// both provide IGrainFactory.
    /// </summary>
    public static IServiceCollection AddStreamGateway(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<GatewayOptions>(configuration, GatewayOptions.SectionName);
        services.TryAddSingleton(TimeProvider.System);
        // A host that runs the gateway as an Orleans client registers a Remote() one before this.
        services.TryAddSingleton(ClusterConnection.InProcess());
        services.AddSingleton<StreamCatalogCache>();
        services.AddHostedService<CatalogChangeListener>();
        services.AddSingleton<FanoutClock>();
        services.AddSingleton<PartitionFeedRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<PartitionFeedRegistry>());
        services.AddSingleton<ConnectionRegistry>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionRegistry>());
        services.AddValidatedOptions<DrainOptions>(configuration, DrainOptions.SectionName);
        services.AddSingleton<ConnectionDrain>();
        services.AddHostedService(sp => sp.GetRequiredService<ConnectionDrain>());
        // The host must not give up on stopping before the drain is over.
        services.AddOptions<HostOptions>().Configure<IOptions<DrainOptions>>((host, drain) =>
            host.ShutdownTimeout = host.ShutdownTimeout > drain.Value.ShutdownTimeout ? host.ShutdownTimeout : drain.Value.ShutdownTimeout);
        services.AddSingleton<IHistorySource, GrainHistorySource>();
        services.AddSingleton<StartResolver>();
        services.AddValidatedOptions<HttpHeadersOptions>(configuration, HttpHeadersOptions.SectionName);
        services.AddValidatedOptions<ConnectionLimitOptions>(configuration, ConnectionLimitOptions.SectionName);
        services.AddSingleton<ClientSlots>();
        services.AddHostedService(sp => sp.GetRequiredService<ClientSlots>());
        services.AddSingleton<ConnectionAdmission>();
        services.AddSingleton<StreamOpener>();
        services.AddValidatedOptions<UiOptions>(configuration, UiOptions.SectionName);
        services.AddOpenApiDocument();
        services.AddGatewayHealthChecks();
        return services;
    }
}
