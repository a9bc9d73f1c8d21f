using EventStreams.Hosting;
using EventStreams.Silo;
using EventStreams.TestKit;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace EventStreams.EndToEnd.Tests.Config;

/// <summary>The host with --config FILE: the mapping, its precedence, and start-up failures that name the key.</summary>
public sealed class ServiceConfigStartupTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("service-config-").FullName;

    [Fact]
    public async Task Build_ConfigFile_MapsOntoTheHostsConfigurationAndTheCommandLineWins()
    {
        var path = Write("config.yaml", """
            port: 8092
            cors: '*'
            csp: from-file
            stream_config_uri: stream-config.yaml
            stream_config_ttl: 300
            kafka: {conf: {bootstrap.servers: 'kafka1:9092', security.protocol: ssl}}
            """);
        await using var app = SiloHost.Build(["--config", path, "--Http:Csp=from-command-line"]);
        var config = app.Configuration;
        Assert.Equal("http://0.0.0.0:8092", config["Urls"]);
        Assert.Equal(("*", "from-command-line"), (config["Http:Cors"], config["Http:Csp"]));
        Assert.Equal((Path.Combine(_directory, "stream-config.yaml"), "300"), (config["StreamConfig:Uri"], config["StreamConfig:TtlSeconds"]));
        Assert.Equal(("kafka1:9092", "ssl"), (config["Kafka:BootstrapServers"], config["Kafka:Conf:security.protocol"]));
    }

    [Fact]
    public void Build_BadPortInConfigFile_FailsNamingTheKey()
    {
        var path = Write("config.yaml", "port: eighty-eight");
        var error = Assert.Throws<InvalidConfigurationException>(() => SiloHost.Build(["--config", path]));
        Assert.Equal($"{path}: 'port' must be a whole number from 0 to 65535 (was 'eighty-eight').", error.Message);
    }

    [Fact]
    public void Build_NegativeTtl_FailsNamingTheKey()
    {
        var path = Write("config.yaml", "stream_config_uri: streams.yaml\nkafka: {conf: {bootstrap.servers: '127.0.0.1:1'}}");
        var error = Assert.Throws<InvalidConfigurationException>(() => SiloHost.Build(["--config", path, "--StreamConfig:TtlSeconds=-1", .. IsolatedHost()]));
        Assert.Equal("StreamConfig:TtlSeconds (stream_config_ttl) must be 0 or a positive number of seconds (was -1).", StartupFailure.Describe(error));
    }

    [Fact]
    public void Build_BadValuesInSeveralSections_ReportsEveryOneAtOnce()
    {
        var path = Write("config.yaml", "stream_config_uri: streams.yaml\nkafka: {conf: {bootstrap.servers: '127.0.0.1:1'}}");
        var error = Assert.Throws<InvalidConfigurationException>(() => SiloHost.Build(
            ["--config", path, "--Gateway:FlushThresholdBytes=1", "--Gateway:MaxClientLag=00:00:00", "--Kafka:MetadataTimeout=00:00:00", .. IsolatedHost()]));
        Assert.Contains("Gateway:FlushThresholdBytes must be at least 1024 (was 1).", error.Message);
        Assert.Contains("Gateway:MaxClientLag must be at least 00:00:01 (was 00:00:00).", error.Message);
        Assert.Contains("Kafka:MetadataTimeout must be positive (was 00:00:00).", error.Message);
    }

    [Fact]
    public async Task Start_StreamConfigWithoutStreams_FailsWithAClearMessage()
    {
        Write("streams.yaml", "only.description: {description: x}");
        var path = Write("config.yaml", "stream_config_uri: streams.yaml\nkafka: {conf: {bootstrap.servers: '127.0.0.1:1'}}");
        await using var app = SiloHost.Build(["--config", path, .. IsolatedHost()]);
        var error = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());
        Assert.Equal("The stream configuration defines no stream with topics (after allowed_streams); nothing could be served.", StartupFailure.Describe(error));
    }

    /// <summary>Free ports, so the host never collides with another test's.</summary>
    private static string[] IsolatedHost() =>
    [
        "--Urls=http://127.0.0.1:0",
        $"--Orleans:SiloPort={FreePorts.Next()}",
        $"--Orleans:GatewayPort={FreePorts.Next()}",
        "--Logging:LogLevel:Default=None",
    ];

    private string Write(string name, string content)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllText(path, content);
        return path;
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
