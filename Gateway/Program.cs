using EventStreams.Gateway.Api;
using EventStreams.Gateway.Health;
using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Hosting;
using EventStreams.Hosting.Cluster;
using EventStreams.Hosting.Configuration;

// A gateway node on its own: an Orleans client of separately running silos.
// The single-machine host (Silo) runs the same gateway in-process instead.
return await StartupFailure.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    // --config FILE: the original's config.yaml keys, below environment variables and the command line.
    builder.Configuration.AddServiceConfigFile(args);
    builder.AddEventStreamsHostDefaults();
    var cluster = ClusterSettings.Read(builder.Configuration);

    // The web server starts at once, beside the Orleans client, which may wait for silos for as
    // long as it takes: meanwhile /healthz answers 200, /readyz 503 and streams 503.
    builder.Services.Configure<HostOptions>(o => o.ServicesStartConcurrently = true);
    var connection = ClusterConnection.Remote();
    builder.Services.AddSingleton(connection);
    builder.UseOrleansClient(client =>
    {
        client.UseEventStreamsCluster(cluster);
        client.AddClusterConnectionStatusObserver(connection);
    });
    builder.Services.AddStreamGateway(builder.Configuration);
    builder.Services.AddHostedService<ClusterReconnector>();
    builder.Services.AddHealthChecks().AddCheck<ClusterHealthCheck>("cluster", tags: [HealthApi.ReadyTag]);

    var app = builder.Build();
    ValidatedOptions.ValidateAll(app.Services);
    app.UseServiceHeadersAndJsonErrors();
    app.MapEventStreamsApi();
    await app.RunAsync();
});
