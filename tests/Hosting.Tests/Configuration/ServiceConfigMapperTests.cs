using EventStreams.Grains.Config;
using EventStreams.Hosting;
using EventStreams.Hosting.Configuration;

namespace EventStreams.Hosting.Tests.Configuration;

public sealed class ServiceConfigMapperTests
{
    private const string BaseDirectory = "/etc/eventstreams";

    /// <summary>A file with every key the service understands, in the seed's and production's shape.</summary>
    private const string SeedStyle = """
        port: 8092
        interface: 127.0.0.1
        cors: '*'
        csp: "default-src 'none'"
        user_agent: eventstreams-test
        stream_config_uri: 'http://localhost:6500/w/api.php?format=json&action=streamconfigs'
        stream_config_uri_options: {headers: {Host: meta.wikimedia.org}}
        stream_config_object_path: streams
        stream_config_ttl: 300
        stream_config_defaults:
          rdf.v2: {topics_allowed: [eqiad.rdf, codfw.rdf]}
        stream_config_overrides:
          rdf.v2: {topics: [eqiad.rdf]}
        allowed_streams: [mediawiki.page-create, rdf.v2]
        schema_base_uris: [http://localhost:6023/repositories/primary/jsonschema, http://localhost:6023/repositories/secondary/jsonschema]
        schema_latest_version: latest
        schema_uri_options: {headers: {X-Test: 1}}
        kafka:
          conf:
            bootstrap.servers: kafka1:9092,kafka2:9092
            security.protocol: ssl
            queued.max.messages.kbytes: 32768
            group.id: es-test
        client_ip_connection_limit: 2
        mediawiki_redacted_pages:
          ru.wikipedia.org: [Участник:HTriedman (WMF)/redacted page test, 404, ~]
        stream_ui_enabled: true
        spec: ./spec.yaml
        """;

    private static Dictionary<string, string?> Map(string text) => ServiceConfigMapper.Map(text, "config.yaml", BaseDirectory);

    [Fact]
    public void Map_SeedStyleFile_GivesTheProjectsConfigurationKeys()
    {
        var expected = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:8092",
            ["Http:Cors"] = "*",
            ["Http:Csp"] = "default-src 'none'",
            ["StreamConfig:UserAgent"] = "eventstreams-test",
            ["StreamConfig:Uri"] = "http://localhost:6500/w/api.php?format=json&action=streamconfigs",
            ["StreamConfig:Headers:Host"] = "meta.wikimedia.org",
            ["StreamConfig:ObjectPath"] = "streams",
            ["StreamConfig:TtlSeconds"] = "300",
            ["StreamConfig:Defaults"] = """{"rdf.v2":{"topics_allowed":["eqiad.rdf","codfw.rdf"]}}""",
            ["StreamConfig:Overrides"] = """{"rdf.v2":{"topics":["eqiad.rdf"]}}""",
            ["StreamConfig:AllowedStreams:0"] = "mediawiki.page-create",
            ["StreamConfig:AllowedStreams:1"] = "rdf.v2",
            ["StreamConfig:SchemaBaseUris:0"] = "http://localhost:6023/repositories/primary/jsonschema",
            ["StreamConfig:SchemaBaseUris:1"] = "http://localhost:6023/repositories/secondary/jsonschema",
            ["StreamConfig:SchemaLatestVersion"] = "latest",
            ["StreamConfig:SchemaHeaders:X-Test"] = "1",
            ["Kafka:BootstrapServers"] = "kafka1:9092,kafka2:9092",
            ["Kafka:Conf:security.protocol"] = "ssl",
            ["Kafka:Conf:queued.max.messages.kbytes"] = "32768",
            ["Kafka:GroupId"] = "es-test",
            ["ClientLimits:ConnectionLimitPerIp"] = "2",
            ["Redaction:Pages:ru.wikipedia.org:0"] = "Участник:HTriedman (WMF)/redacted page test",
            ["Redaction:Pages:ru.wikipedia.org:1"] = "404",
            ["Ui:Enabled"] = "true",
        };
        Assert.Equal(expected.OrderBy(e => e.Key), Map(SeedStyle).OrderBy(e => e.Key));
    }

    [Theory]
    [InlineData("port: 9000", "http://0.0.0.0:9000")]
    [InlineData("interface: 127.0.0.1", "http://127.0.0.1:8888")]
    [InlineData("interface: '::'", "http://[::]:8888")]
    public void Map_PortOrInterfaceAlone_UsesTheOriginalsDefaultsForTheOther(string yaml, string urls) =>
        Assert.Equal(urls, Map(yaml)["Urls"]);

    [Fact]
    public void Map_NoPortNorInterface_LeavesUrlsToOtherSources() =>
        Assert.False(Map("cors: '*'").ContainsKey("Urls"));

    [Fact]
    public void Map_ServiceRunnerFile_UsesTheFirstServicesConfAndKafkaPropertiesAtTopLevel()
    {
        // EventStreams 0.8.0's own config.yaml shape: services[0].conf, librdkafka keys right under kafka.
        var mapped = Map("""
            num_workers: 0
            services:
              - name: eventstreams
                module: ./app.js
                conf:
                  port: 8092
                  stream_config_uri: ./stream-config.yaml
                  kafka: {metadata.broker.list: 'localhost:9092', statistics.interval.ms: 5000}
            """);
        Assert.Equal("http://0.0.0.0:8092", mapped["Urls"]);
        Assert.Equal("localhost:9092", mapped["Kafka:BootstrapServers"]);
        Assert.Equal("5000", mapped["Kafka:Conf:statistics.interval.ms"]);
        Assert.Equal(Path.GetFullPath(Path.Combine(BaseDirectory, "stream-config.yaml")), mapped["StreamConfig:Uri"]);
    }

    [Theory]
    [InlineData("stream-config.yaml", "/etc/eventstreams/stream-config.yaml")]
    [InlineData("/srv/streams.yaml", "/srv/streams.yaml")]
    [InlineData("file:///srv/streams.yaml", "file:///srv/streams.yaml")]
    public void Map_RelativeStreamConfigPath_IsResolvedAgainstTheFilesDirectory(string uri, string expected) =>
        Assert.Equal(expected, Map($"stream_config_uri: {uri}")["StreamConfig:Uri"]);

    [Fact]
    public void Map_CorsFalse_IsPassedAsFalse() => Assert.Equal("false", Map("cors: false")["Http:Cors"]);

    [Fact]
    public void Map_KeyWithoutValue_IsNotSet() => Assert.Empty(Map("csp:\nstream_config_ttl:\n"));

    [Theory]
    [InlineData("port: abc", "'port' must be a whole number")]
    [InlineData("port: 70000", "'port' must be a whole number")]
    [InlineData("port: -1", "'port' must be a whole number")]
    [InlineData("interface: ''", "'interface' must name an address")]
    [InlineData("stream_config_uri: ''", "'stream_config_uri' must not be empty")]
    [InlineData("stream_config_ttl: -5", "'stream_config_ttl' must be a number of seconds")]
    [InlineData("stream_config_ttl: soon", "'stream_config_ttl' must be a number of seconds")]
    [InlineData("stream_config_defaults: [a]", "'stream_config_defaults' must be a mapping")]
    [InlineData("stream_config_overrides: text", "'stream_config_overrides' must be a mapping")]
    [InlineData("stream_config_tll: 5", "'stream_config_tll' is not a known key")]
    [InlineData("allowed_streams: {a: b}", "'allowed_streams' must be a list")]
    [InlineData("client_ip_connection_limit: 0", "'client_ip_connection_limit' must be a whole number of at least 1")]
    [InlineData("stream_ui_enabled: maybe", "'stream_ui_enabled' must be true or false")]
    [InlineData("kafka: [a]", "'kafka' must be a mapping")]
    [InlineData("kafka: {conf: {bootstrap.servers: [a, b]}}", "'kafka.conf.bootstrap.servers' must be a single value")]
    [InlineData("mediawiki_redacted_pages: {en.wikipedia.org: Main}", "'mediawiki_redacted_pages.en.wikipedia.org' must be a list")]
    [InlineData("csp: {a: b}", "'csp' must be a single value")]
    public void Map_BadValue_ThrowsNamingTheKey(string yaml, string message)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Map(yaml));
        Assert.Contains(message, error.Message);
        Assert.StartsWith("config.yaml: ", error.Message);
    }

    [Theory]
    [InlineData("port: [unclosed", "not valid YAML or JSON")]
    [InlineData("- a\n- b", "top level must be a mapping")]
    public void Map_BadDocument_ThrowsNamingTheFile(string yaml, string message)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => Map(yaml));
        Assert.Contains(message, error.Message);
        Assert.StartsWith("config.yaml: ", error.Message);
    }

    [Fact]
    public async Task Map_RepositoryExample_RunsAgainstTheExampleStreamConfig()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "config.yaml");
        var mapped = ServiceConfigMapper.Map(File.ReadAllText(path), path, AppContext.BaseDirectory);

        Assert.Equal("http://0.0.0.0:8888", mapped["Urls"]);
        Assert.False(mapped.ContainsKey("Kafka:BootstrapServers")); // commented out: the embedded broker starts
        var streams = await StreamConfigLoader.LoadOnceAsync(new StreamConfigOptions { Uri = mapped["StreamConfig:Uri"]! });
        Assert.Contains(streams, s => s.Name == "recentchange");
    }
}
