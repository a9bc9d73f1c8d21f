using Orleans.Dashboard;
using EventStreams.Gateway.Api;
using EventStreams.Gateway.Health;
using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Grains;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Grains.Interfaces.Hosting;
using EventStreams.Silo.Demo;
using EventStreams.Silo.Health;

namespace EventStreams.Silo;

/// <summary>
/// The composition root of a silo node: Orleans silo, grains and the HTTP gateway in one process.
/// Tests build the very same host with their own configuration.
/// </summary>
public static class SiloHost
{
    public const int DefaultSiloPort = 11111;
    public const int DefaultGatewayPort = 30000;

    /// <summary>Where the Orleans dashboard is served when Dashboard:Enabled is true.</summary>
    public const string DashboardPath = "/dashboard";

    public static WebApplication Build(string[] args, IEnumerable<KeyValuePair<string, string?>>? overrides = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        // --config FILE: the original's config.yaml keys, below environment variables and the command line.
        builder.Configuration.AddServiceConfigFile(args);
        if (overrides is not null)
        {
            builder.Configuration.AddInMemoryCollection(overrides);
        }
        var config = builder.Configuration;
        builder.AddEventStreamsHostDefaults();

        // Operators' view of grains and silos. Off unless asked for: it must not face the public.
        var dashboard = config.GetValue<bool>("Dashboard:Enabled");
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(
                siloPort: config.GetValue("Orleans:SiloPort", DefaultSiloPort),
                gatewayPort: config.GetValue("Orleans:GatewayPort", DefaultGatewayPort),
                serviceId: config["Orleans:ServiceId"] ?? "eventstreams",
                clusterId: config["Orleans:ClusterId"] ?? "eventstreams");
            // A missing, unreadable or empty stream configuration stops start-up with its message,
            // rather than failing the first request.
            silo.AddStartupTask(async (services, _) =>
                await services.GetRequiredService<IGrainFactory>().GetGrain<IStreamConfigGrain>(0).GetCatalog());
            if (dashboard)
            {
                silo.AddDashboard();
            }
        });
        builder.Services.AddEventStreamsGrains(config);
        builder.Services.AddStreamGateway(config);
        builder.Services.AddHealthChecks().AddCheck<SiloJoinedHealthCheck>("silo", tags: [HealthApi.ReadyTag]);
        builder.Services.AddValidatedOptions<DemoOptions>(config, DemoOptions.SectionName);
        if (config.GetValue<bool>("Demo:Enabled"))
        {
            builder.Services.AddHostedService<DemoProducer>();
        }

        var app = builder.Build();
        app.UseServiceHeaders();
        if (dashboard)
        {
            // Before the service's routes, whose catch-all would answer 404 for it.
            app.MapOrleansDashboard(routePrefix: DashboardPath);
        }
        app.MapEventStreamsApi();
        return app;
    }
}
