using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;
using Microsoft.Extensions.Configuration;

namespace EventStreams.Hosting.Tests.Configuration;

public sealed class ServiceConfigFileTests : IDisposable
{
    // A key no other test in this assembly reads, so setting it in the environment is harmless.
    private const string EnvironmentKey = "StreamConfig__UserAgent";

    private readonly string _path = Path.Combine(Path.GetTempPath(), $"config-{Guid.NewGuid():N}.yaml");

    public ServiceConfigFileTests() => File.WriteAllText(_path, """
        port: 8092
        cors: '*'
        user_agent: from-file
        stream_config_ttl: 60
        kafka: {conf: {bootstrap.servers: 'file:9092'}}
        """);

    private static IConfiguration Build(string[] args) =>
        new ConfigurationBuilder().AddEnvironmentVariables().AddCommandLine(args).AddServiceConfigFile(args).Build();

    [Fact]
    public void AddServiceConfigFile_ConfigArgument_AddsTheFilesKeys()
    {
        var config = Build(["--config", _path]);
        Assert.Equal(("http://0.0.0.0:8092", "*", "60", "file:9092"),
            (config["Urls"], config["Http:Cors"], config["StreamConfig:TtlSeconds"], config["Kafka:BootstrapServers"]));
    }

    [Fact]
    public void AddServiceConfigFile_CommandLineAndEnvironment_OverrideTheFile()
    {
        Environment.SetEnvironmentVariable(EnvironmentKey, "from-environment");
        try
        {
            var config = Build([$"--config={_path}", "--Kafka:BootstrapServers=cli:9092", "--Urls=http://127.0.0.1:1"]);
            Assert.Equal(("cli:9092", "http://127.0.0.1:1", "from-environment", "60"),
                (config["Kafka:BootstrapServers"], config["Urls"], config["StreamConfig:UserAgent"], config["StreamConfig:TtlSeconds"]));
        }
        finally
        {
            Environment.SetEnvironmentVariable(EnvironmentKey, null);
        }
    }

    [Fact]
    public void AddServiceConfigFile_NoConfigArgument_AddsNothing()
    {
        var builder = new ConfigurationBuilder();
        builder.AddServiceConfigFile(["--Urls=http://x:1"]);
        Assert.Empty(builder.Sources);
    }

    [Fact]
    public void AddServiceConfigFile_MissingFile_ThrowsNamingTheArgument()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Build(["--config", "/nonexistent/config.yaml"]));
        Assert.StartsWith("--config: the file '/nonexistent/config.yaml'", error.Message);
    }

    [Fact]
    public void AddServiceConfigFile_BadValue_ThrowsNamingFileAndKey()
    {
        File.WriteAllText(_path, "port: eighty");
        var error = Assert.Throws<InvalidConfigurationException>(() => Build(["--config", _path]));
        Assert.Equal($"{_path}: 'port' must be a whole number from 0 to 65535 (was 'eighty').", error.Message);
    }

    public void Dispose() => File.Delete(_path);
}
