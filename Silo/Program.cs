using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;
using EventStreams.Silo;
using EventStreams.Silo.Embedded;

return await StartupFailure.RunAsync(async () =>
{
    // With no Kafka configured, bring a broker and demo data along, so one command gives a working system.
    // The probe reads the same sources as the host, --config file included, in the same order.
    var probe = new ConfigurationBuilder()
        .AddJsonFile("appsettings.json", optional: true)
        .AddEnvironmentVariables()
        .AddCommandLine(args)
        .AddServiceConfigFile(args)
        .Build();
    using var startupLogs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
    await using var embedded = string.IsNullOrWhiteSpace(probe["Kafka:BootstrapServers"])
        ? await EmbeddedKafka.StartAsync(probe, startupLogs.CreateLogger("EventStreams.Silo.EmbeddedKafka"))
        : null;

    var app = SiloHost.Build(args, embedded?.ConfigurationOverrides);
    await app.RunAsync();
});
