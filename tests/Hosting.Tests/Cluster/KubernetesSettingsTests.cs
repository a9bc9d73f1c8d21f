using System.Net;
using EventStreams.Hosting;
using EventStreams.Hosting.Cluster;
using Microsoft.Extensions.Configuration;

namespace EventStreams.Hosting.Tests.Cluster;

public sealed class KubernetesSettingsTests
{
    private static readonly (string, string)[] Pod =
        [("POD_NAME", "eventstreams-silo-7d9f-x2"), ("POD_NAMESPACE", "eventstreams"), ("POD_IP", "10.1.2.3")];

    private static IConfiguration Config(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Read_EnabledWithRedisAndThePodsEnvironment_AdvertisesThePodIp()
    {
        var settings = ClusterSettings.Read(Config([("Orleans:Clustering", "Redis"), ("Orleans:Redis:ConnectionString", "redis:6379"),
            ("Orleans:Kubernetes:Enabled", "true"), .. Pod]));

        Assert.True(settings.Kubernetes.Enabled);
        Assert.Equal(IPAddress.Parse("10.1.2.3"), settings.AdvertisedAddress);
    }

    [Fact]
    public void Read_EnabledWithAnExplicitAddress_TheExplicitAddressWins()
    {
        var settings = ClusterSettings.Read(Config([("Orleans:Clustering", "Redis"), ("Orleans:Redis:ConnectionString", "redis:6379"),
            ("Orleans:Kubernetes:Enabled", "true"), ("Orleans:AdvertisedIPAddress", "10.9.9.9"), .. Pod]));

        Assert.Equal(IPAddress.Parse("10.9.9.9"), settings.AdvertisedAddress);
    }

    [Fact]
    public void Read_Disabled_PodEnvironmentIgnored()
    {
        var settings = ClusterSettings.Read(Config([("Orleans:Clustering", "Redis"), ("Orleans:Redis:ConnectionString", "redis:6379"), .. Pod]));

        Assert.Null(settings.AdvertisedAddress);
    }

    [Fact]
    public void Read_EnabledOnLocalhostWithoutThePodAndWithAnotherClusterId_OneMessageNamingEachProblem()
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => ClusterSettings.Read(Config(
            ("Orleans:Kubernetes:Enabled", "true"), ("POD_IP", "not-an-ip"), ("ORLEANS_CLUSTER_ID", "green"))));

        Assert.Equal(
            "Orleans:Kubernetes:Enabled needs Orleans:Clustering=Redis (was Localhost): membership lives in Redis, Kubernetes hosting only adds the pod's identity. " +
            "Orleans:Kubernetes:Enabled is true, but POD_NAME, POD_NAMESPACE are not set (give them from the downward API: metadata.name, metadata.namespace, status.podIP). " +
            "Orleans:Kubernetes:Enabled is true, but POD_IP must be an IP address (was 'not-an-ip'). " +
            "Orleans:Kubernetes:Enabled is true, but ORLEANS_CLUSTER_ID ('green') differs from Orleans:ClusterId ('eventstreams').",
            error.Message);
    }
}
