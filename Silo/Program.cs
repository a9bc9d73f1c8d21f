using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;
using EventStreams.Hosting.Cluster;
using EventStreams.Silo;
#if EMBEDDED_BROKER
using EventStreams.Silo.Embedded;
#endif

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
    var noKafka = string.IsNullOrWhiteSpace(probe["Kafka:BootstrapServers"]);
#if EMBEDDED_BROKER
    if (noKafka && ClusterSettings.Read(probe).Clustering != ClusteringMode.Localhost)
    {
        // Each silo would start a broker of its own, and the cluster would read several different "Kafkas".
        throw new InvalidConfigurationException(
            "Kafka:BootstrapServers must be set when Orleans:Clustering is Redis: the embedded development broker serves a single silo only.");
    }
    using var startupLogs = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true));
    await using var embedded = noKafka
        ? await EmbeddedKafka.StartAsync(probe, startupLogs.CreateLogger("EventStreams.Silo.EmbeddedKafka"))
        : null;
    var overrides = embedded?.ConfigurationOverrides;
#else
    if (noKafka)
    {
        throw new InvalidConfigurationException(
            "Kafka:BootstrapServers must be set: this build has no embedded development broker (it was published with EmbeddedBroker=false, as the container image is).");
    }
    IEnumerable<KeyValuePair<string, string?>>? overrides = null;
#endif

    var app = SiloHost.Build(args, overrides);
    await app.RunAsync();
});
