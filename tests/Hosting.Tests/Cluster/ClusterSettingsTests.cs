using EventStreams.Hosting;
using EventStreams.Hosting.Cluster;
using Microsoft.Extensions.Configuration;

namespace EventStreams.Hosting.Tests.Cluster;

public sealed class ClusterSettingsTests
{
    private static ConfigurationManager Config(params (string Key, string Value)[] values)
    {
        var config = new ConfigurationManager();
        config.AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)));
        return config;
    }

    [Fact]
    public void Read_Nothing_LocalhostWithTheDefaults()
    {
        var settings = ClusterSettings.Read(Config());

        Assert.Equal((ClusteringMode.Localhost, "eventstreams", "eventstreams", 11111, 30000),
            (settings.Clustering, settings.ClusterId, settings.ServiceId, settings.SiloPort, settings.GatewayPort));
    }

    [Fact]
    public void Read_Redis_BindsItsKeysAndHidesTheModeFromOrleans()
    {
        var config = Config(("Orleans:Clustering", "Redis"), ("Orleans:Redis:ConnectionString", "redis:6379"),
            ("Orleans:ClusterId", "blue"), ("Orleans:AdvertisedIPAddress", "10.0.0.7"), ("Orleans:Gateways:0", "10.0.0.8:30000"));

        var settings = ClusterSettings.Read(config);

        Assert.Equal((ClusteringMode.Redis, "redis:6379", "blue", "10.0.0.7"),
            (settings.Clustering, settings.Redis.ConnectionString, settings.ClusterId, settings.AdvertisedIPAddress));
        // Orleans reads its own "Orleans" section and would take a value here for one of its providers.
        Assert.False(config.GetSection("Orleans:Clustering").Exists());
        Assert.Equal("blue", config["Orleans:ClusterId"]);
    }

    [Fact]
    public void Read_SeveralBadValues_OneMessageNamingEveryKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Read(Config(
            ("Orleans:Clustering", "Redis"), ("Orleans:SiloPort", "70000"), ("Orleans:AdvertisedIPAddress", "not-an-ip"),
            ("Orleans:Gateways:0", "nowhere"))));

        Assert.Equal(
            "Orleans:SiloPort must be a port from 1 to 65535 (was 70000). " +
            "Orleans:AdvertisedIPAddress must be an IP address (was 'not-an-ip'). " +
            "Orleans:Gateways:0 must be an address and port such as 127.0.0.1:30000 (was 'nowhere'). " +
            "Orleans:Redis:ConnectionString must be set when Orleans:Clustering is Redis (e.g. redis:6379).",
            error.Message);
    }

    [Fact]
    public void Read_ValueOfTheWrongType_NamesTheKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Read(Config(("Orleans:GatewayPort", "thirty"))));

        Assert.Contains("'Orleans:GatewayPort'", error.Message);
        Assert.Equal(error.Message, StartupFailure.Describe(error));
    }

    [Fact]
    public void Read_UnknownClusteringMode_NamesTheKey()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Read(Config(("Orleans:Clustering", "Zookeeper"))));

        Assert.Contains("'Orleans:Clustering'", error.Message);
    }

    [Fact]
    public void Read_SamePortTwice_Refused()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Read(Config(("Orleans:SiloPort", "30000"))));

        Assert.Equal("Orleans:SiloPort and Orleans:GatewayPort must differ (both were 30000).", error.Message);
    }
}
