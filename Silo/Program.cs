using EventStreams.Silo;
using EventStreams.Silo.Embedded;

// With no Kafka configured, bring a broker and demo data along, so one command gives a working system.
var probe = new ConfigurationBuilder()
    .AddJsonFile("appsettings.json", optional: true)
    .AddEnvironmentVariables()
    .AddCommandLine(args)
    .Build();
await using var embedded = string.IsNullOrWhiteSpace(probe["Kafka:BootstrapServers"])
    ? await EmbeddedKafka.StartAsync(probe)
    : null;

var app = SiloHost.Build(args, embedded?.ConfigurationOverrides);
await app.RunAsync();
