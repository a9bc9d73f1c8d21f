using Orleans.Dashboard;
using EventStreams.Gateway;
using EventStreams.Gateway.Api;
using EventStreams.Gateway.Health;
using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Grains;
using EventStreams.Grains.Interfaces.Config;
using EventStreams.Hosting;
using EventStreams.Hosting.Cluster;
using EventStreams.Hosting.Configuration;
using EventStreams.Silo.Demo;
using EventStreams.Silo.Health;
using EventStreams.Silo.Operators;

namespace EventStreams.Silo;

/// <summary>
/// The composition root of a silo node: the Orleans silo with its grains and, unless
/// Gateway:Enabled is false, the HTTP gateway in the same process. Without the gateway the node
/// still serves /healthz, /readyz, /metrics (and the dashboard), so silos and gateways scale apart.
/// Tests build the very same host with their own configuration.
/// </summary>
public static class SiloHost
{
    /// <summary>Where the Orleans dashboard (and our operators' page, under /eventstreams) is served when Dashboard:Enabled is true.</summary>
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
        var cluster = ClusterSettings.Read(config);
        var gateway = OptionsBinding.Bind<GatewayOptions>(config.GetSection(GatewayOptions.SectionName), GatewayOptions.SectionName).Enabled;
        var demo = OptionsBinding.Bind<DemoOptions>(config.GetSection(DemoOptions.SectionName), DemoOptions.SectionName).Enabled;

        // Operators' view of grains and silos. Off unless asked for: it must not face the public.
        var dashboard = config.GetValue<bool>("Dashboard:Enabled");
        builder.UseOrleans(silo =>
        {
            silo.UseEventStreamsCluster(cluster);
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
        builder.Services.AddHealthChecks().AddCheck<SiloJoinedHealthCheck>("silo", tags: [HealthApi.ReadyTag]);
        if (gateway)
        {
            builder.Services.AddStreamGateway(config);
        }
        if (dashboard)
        {
            builder.Services.AddOperatorsApi();
        }
        builder.Services.AddValidatedOptions<DemoOptions>(config, DemoOptions.SectionName);
        if (demo)
        {
            builder.Services.AddHostedService<DemoProducer>();
        }

        var app = builder.Build();
        ValidatedOptions.ValidateAll(app.Services);
        app.UseServiceHeadersAndJsonErrors();
        if (dashboard)
        {
            // Before the service's routes, whose catch-all would answer 404 for them; our own page
            // (Operators/) before the Orleans dashboard's, which it sits beside.
            app.MapOperatorsApi();
            app.MapOrleansDashboard(routePrefix: DashboardPath);
        }
        if (gateway)
        {
            app.MapEventStreamsApi();
        }
        else
        {
            app.MapSiloNodeApi();
        }
        return app;
    }
}
