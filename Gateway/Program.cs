using System.Net;
using EventStreams.Gateway.Api;
using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Grains.Interfaces.Hosting;

// A gateway node on its own: an Orleans client of separately running silos.
// The single-machine host (Silo) runs the same gateway in-process instead.
return await StartupFailure.RunAsync(async () =>
{
    var builder = WebApplication.CreateBuilder(args);
    // --config FILE: the original's config.yaml keys, below environment variables and the command line.
    builder.Configuration.AddServiceConfigFile(args);
    builder.WebHost.UseUrls(builder.Configuration["Urls"] ?? "http://0.0.0.0:8888");
    builder.AddEventStreamsHostDefaults();
    builder.UseOrleansClient(client =>
    {
        var gateways = builder.Configuration.GetSection("Orleans:Gateways").Get<string[]>() ?? [];
        if (gateways.Length == 0)
        {
            client.UseLocalhostClustering();
        }
        else
        {
            client.UseStaticClustering([.. gateways.Select(IPEndPoint.Parse)]);
        }
        client.Configure<Orleans.Configuration.ClusterOptions>(o =>
        {
            o.ClusterId = builder.Configuration["Orleans:ClusterId"] ?? "eventstreams";
            o.ServiceId = builder.Configuration["Orleans:ServiceId"] ?? "eventstreams";
        });
    });
    builder.Services.AddStreamGateway(builder.Configuration);

    var app = builder.Build();
    app.UseServiceHeaders();
    app.MapEventStreamsApi();
    await app.RunAsync();
});
