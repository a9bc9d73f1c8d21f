using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.Gateway.Drain;
using EventStreams.Gateway.Health;
using EventStreams.Gateway.Telemetry;
using EventStreams.Hosting.Cluster;
using k8s;
using k8s.Models;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>
/// deploy/k8s rendered by `kubectl kustomize`: every object is a valid Kubernetes object, and
/// what the manifests say agrees with what the service does (routes, ports, settings, metrics).
/// </summary>
public sealed class ManifestTests(RenderedOverlays overlays) : IClassFixture<RenderedOverlays>
{
    public static TheoryData<string> Kustomizations => [.. Kustomize.All];

    /// <summary>The kustomizations with a gateway fleet, Redis clustering and Kubernetes hosting (not overlays/dev).</summary>
    public static TheoryData<string> Clusters => [Kustomize.Base, Kustomize.Production];

    /// <summary>What Orleans' Kubernetes hosting calls on pods (see deploy/k8s/base/silo/role.yaml).</summary>
    private static readonly string[] KubernetesHostingVerbs = ["get", "list", "watch", "patch"];

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Render_EveryObject_ParsesStrictlyAsItsKubernetesType(string kustomization)
    {
        var manifests = overlays[kustomization];

        Assert.NotEmpty(manifests.Objects);
        Assert.All(manifests.Objects, o => Assert.IsAssignableFrom<IKubernetesObject<V1ObjectMeta>>(o));
        Assert.All(manifests.All<IKubernetesObject<V1ObjectMeta>>(), o => Assert.False(string.IsNullOrEmpty(o.Metadata.Name)));
    }

    [Fact]
    public void Parse_UnknownField_Fails()
    {
        // The strictness the test above relies on: a misplaced field is an error, not ignored.
        const string yaml = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: x}
            spec:
              replica: 3
            """;

        Assert.ThrowsAny<Exception>(() => Manifests.Parse("inline", yaml));
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Probes_EveryContainerOfOurs_PointAtTheHealthRoutesOnTheHttpPort(string kustomization)
    {
        var manifests = overlays[kustomization];
        foreach (var (workload, _) in OurWorkloads(manifests))
        {
            var node = new NodeSettings(manifests, workload);
            var container = node.Container;
            Assert.Equal(HealthApi.LivePath, container.StartupProbe.HttpGet.Path);
            Assert.Equal(HealthApi.ReadyPath, container.ReadinessProbe.HttpGet.Path);
            Assert.Equal(HealthApi.LivePath, container.LivenessProbe.HttpGet.Path);
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                Assert.Equal(node.HttpPort, node.ContainerPort(probe.HttpGet.Port.Value));
            }
            // A probe must wait longer than the slowest check (HealthApi.CheckTimeout).
            Assert.True(container.ReadinessProbe.TimeoutSeconds > HealthApi.CheckTimeout.TotalSeconds, $"{workload}: readiness timeout");
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void Ports_Silos_MatchTheOrleansPortsTheyAreConfiguredWith(string kustomization)
    {
        var manifests = overlays[kustomization];
        var silo = new NodeSettings(manifests, "eventstreams-silo");

        Assert.Equal(int.Parse(silo["Orleans:SiloPort"]!), silo.ContainerPort("orleans-silo"));
        Assert.Equal(int.Parse(silo["Orleans:GatewayPort"]!), silo.ContainerPort("orleans-gateway"));
        Assert.Equal(silo.HttpPort, silo.ContainerPort("http"));
        // The public Service reaches the pods it selects on a port they listen on.
        var service = manifests.One<V1Service>("eventstreams");
        var targets = manifests.PodsMatching(service.Spec.Selector).ToArray();
        Assert.NotEmpty(targets);
        Assert.All(targets, t => Assert.Contains(t.Template.Spec.Containers.Single().Ports, p => p.Name == service.Spec.Ports.Single().TargetPort.Value));
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Silo_KubernetesHosting_GetsThePodFromTheDownwardApiItsIdsFromItsLabelsAndARole(string kustomization)
    {
        var manifests = overlays[kustomization];
        var silo = new NodeSettings(manifests, "eventstreams-silo");
        var env = silo.Container.Env.ToDictionary(e => e.Name);

        Assert.Equal("true", silo["Orleans:Kubernetes:Enabled"]);
        Assert.Equal(nameof(ClusteringMode.Redis), silo["Orleans:Clustering"]);
        Assert.Equal("metadata.name", env["POD_NAME"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("metadata.namespace", env["POD_NAMESPACE"].ValueFrom.FieldRef.FieldPath);
        Assert.Equal("status.podIP", env["POD_IP"].ValueFrom.FieldRef.FieldPath);
        // The labels Orleans selects the cluster's pods by, and the ids the silo runs with, are one.
        var labels = silo.Template.Metadata.Labels;
        Assert.Equal(labels["orleans/serviceId"], silo["Orleans:ServiceId"]);
        Assert.Equal(labels["orleans/clusterId"], silo["Orleans:ClusterId"]);
        Assert.Equal("metadata.labels['orleans/clusterId']", env["Orleans__ClusterId"].ValueFrom.FieldRef.FieldPath);
        // The silo's service account may do what Kubernetes hosting does, and its pod has the token.
        var account = silo.Template.Spec.ServiceAccountName;
        var binding = manifests.All<V1RoleBinding>().Single(b => b.Subjects.Any(s => s.Kind == "ServiceAccount" && s.Name == account));
        var rule = Assert.Single(manifests.One<V1Role>(binding.RoleRef.Name).Rules);
        Assert.Equal(["pods"], rule.Resources);
        Assert.Equal(KubernetesHostingVerbs.Order(), rule.Verbs.Order());
        Assert.NotEqual(false, silo.Template.Spec.AutomountServiceAccountToken);
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Gateway_ClusterAndRedis_TheSameAsTheSilos(string kustomization)
    {
        var manifests = overlays[kustomization];
        var silo = new NodeSettings(manifests, "eventstreams-silo");
        var gateway = new NodeSettings(manifests, "eventstreams-gateway");

        foreach (var key in new[] { "Orleans:Clustering", "Orleans:ClusterId", "Orleans:ServiceId", "Orleans:Redis:ConnectionString" })
        {
            Assert.Equal(silo[key], gateway[key]);
        }
        // Gateways are Orleans clients: no orleans/* labels, or the silos' Kubernetes agent would take them for silos.
        Assert.DoesNotContain(gateway.Template.Metadata.Labels.Keys, k => k.StartsWith("orleans/", StringComparison.Ordinal));
        Assert.Equal(false, gateway.Template.Spec.AutomountServiceAccountToken);
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Hpa_Gateways_ScaleOnConnectedClientsPerPodAndCpu(string kustomization)
    {
        var manifests = overlays[kustomization];
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());

        Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
        Assert.True(new NodeSettings(manifests, hpa.Spec.ScaleTargetRef.Name).IsGateway);
        var pods = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods");
        Assert.Equal(GatewayMetrics.ConnectedClients.Name, pods.Pods.Metric.Name);
        Assert.Equal("AverageValue", pods.Pods.Target.Type);
        var cpu = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Resource");
        Assert.Equal("cpu", cpu.Resource.Name);
        // The adapter rule that makes the metric exists and names the same series.
        var rules = File.ReadAllText(Path.Combine(Repository.Root, "deploy", "k8s", "prometheus-adapter", "rules.yaml"));
        Assert.Contains(GatewayMetrics.ConnectedClients.Name, rules);
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void GracePeriod_EveryPodServingStreams_OutlastsTheDrainAndTheStopAfterIt(string kustomization)
    {
        var manifests = overlays[kustomization];
        var serving = OurWorkloads(manifests).Select(w => (w.Workload, Node: new NodeSettings(manifests, w.Workload))).Where(w => w.Node.ServesStreams).ToArray();

        Assert.NotEmpty(serving);
        foreach (var (workload, node) in serving)
        {
            var drain = new DrainOptions { Delay = node.Time("Gateway:Drain:Delay"), Window = node.Time("Gateway:Drain:Window") };
            Assert.Null(drain.Validate());
            Assert.True(drain.Window > TimeSpan.Zero, $"{workload}: streams should end spread over a window, not at once");
            var grace = TimeSpan.FromSeconds(node.Template.Spec.TerminationGracePeriodSeconds ?? 30);
            Assert.True(grace > drain.ShutdownTimeout, $"{workload}: terminationGracePeriodSeconds {grace} must exceed the drain plus the stop after it ({drain.ShutdownTimeout})");
        }
    }

    [Theory]
    [MemberData(nameof(Clusters))]
    public void PublicService_SelectsOnlyGateways_AndOrleansPortsAndTheDashboardStayInside(string kustomization)
    {
        var manifests = overlays[kustomization];
        var service = manifests.One<V1Service>("eventstreams");
        var selected = manifests.PodsMatching(service.Spec.Selector).Select(p => new NodeSettings(manifests, p.Workload)).ToArray();

        Assert.All(selected, node => Assert.True(node.IsGateway));
        Assert.All(selected, node => Assert.DoesNotContain(node.Container.Ports, p => p.ContainerPort is ClusterSettings.DefaultSiloPort or ClusterSettings.DefaultGatewayPort));
        Assert.All(selected, node => Assert.NotEqual("true", node["Dashboard:Enabled"]));
        Assert.Equal(["http"], service.Spec.Ports.Select(p => p.TargetPort.Value));

        // Silos: Orleans ports only from our own pods; HTTP (where the dashboard is) only from monitoring.
        var silo = new NodeSettings(manifests, "eventstreams-silo");
        var policy = manifests.All<V1NetworkPolicy>().Single(p => manifests.PodsMatching(p.Spec.PodSelector.MatchLabels).Any(t => t.Workload == "eventstreams-silo"));
        Assert.Equal(["Ingress"], policy.Spec.PolicyTypes);
        foreach (var rule in policy.Spec.Ingress)
        {
            Assert.NotNull(rule.FromProperty);
            var ports = rule.Ports.Select(p => int.Parse(p.Port.Value)).ToArray();
            if (ports.Contains(silo.ContainerPort("orleans-silo")) || ports.Contains(silo.ContainerPort("orleans-gateway")))
            {
                Assert.All(rule.FromProperty, peer => Assert.Contains(manifests.PodsMatching(peer.PodSelector.MatchLabels), t => t.Workload.StartsWith("eventstreams-", StringComparison.Ordinal)));
            }
            else
            {
                Assert.Equal([silo.HttpPort], ports);
                Assert.All(rule.FromProperty, peer => Assert.Null(peer.PodSelector));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Kustomizations))]
    public void RollingUpdates_EveryDeployment_AddsBeforeItRemovesAndHasABudget(string kustomization)
    {
        var manifests = overlays[kustomization];
        foreach (var deployment in manifests.All<V1Deployment>())
        {
            Assert.Equal("RollingUpdate", deployment.Spec.Strategy.Type);
            Assert.Equal("0", deployment.Spec.Strategy.RollingUpdate.MaxUnavailable.Value);
            Assert.Contains(manifests.All<V1PodDisruptionBudget>(), b => b.Spec.Selector.MatchLabels.All(l => deployment.Spec.Template.Metadata.Labels[l.Key] == l.Value));
        }
    }

    /// <summary>
    /// bench/README.md: a standalone gateway holds 31-36 KB per connection (C1, idle and under load)
    /// over a baseline of about 106 MB RSS.
    /// </summary>
    private const double BenchBytesPerConnection = 36 * 1024;
    private const double BenchBaselineBytes = 106 * 1024 * 1024;

    [Theory]
    [MemberData(nameof(Clusters))]
    public void Resources_Gateway_RequestHoldsTheHpaTargetAtTheBenchsMemoryPerConnection(string kustomization)
    {
        var manifests = overlays[kustomization];
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());
        var target = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods").Pods.Target.AverageValue.ToDouble();
        var resources = new NodeSettings(manifests, hpa.Spec.ScaleTargetRef.Name).Container.Resources;

        var needed = BenchBaselineBytes + target * BenchBytesPerConnection;
        Assert.True(resources.Requests["memory"].ToDouble() >= needed, $"request {resources.Requests["memory"]} < {needed / 1048576:0} MiB");
        // Twice the target still fits under the limit: the HPA lags a surge.
        Assert.True(resources.Limits["memory"].ToDouble() >= BenchBaselineBytes + 2 * target * BenchBytesPerConnection, $"limit {resources.Limits["memory"]}");
    }

    [Fact]
    public void Production_ExternalRedis_NoRedisPodAndTheConnectionFromTheOverlaysSecret()
    {
        var manifests = overlays[Kustomize.Production];

        Assert.Empty(manifests.All<V1StatefulSet>());
        Assert.DoesNotContain(manifests.All<V1Service>(), s => s.Metadata.Name.Contains("redis", StringComparison.Ordinal));
        var redis = new NodeSettings(manifests, "eventstreams-silo")["Orleans:Redis:ConnectionString"];
        Assert.Equal(File.ReadAllText(Path.Combine(Kustomize.Directory(Kustomize.Production), "redis-connection-string.txt")), redis);
        Assert.NotEmpty(new NodeSettings(manifests, "eventstreams-silo")["Kafka:BootstrapServers"] ?? "");
    }

    [Fact]
    public void Dev_OneSiloNode_ServesStreamsWithTheEmbeddedBrokerAndNothingElse()
    {
        var manifests = overlays[Kustomize.Dev];
        var deployment = Assert.Single(manifests.All<V1Deployment>());
        var silo = new NodeSettings(manifests, deployment.Metadata.Name);

        Assert.Equal(1, deployment.Spec.Replicas);
        Assert.Equal(nameof(ClusteringMode.Localhost), silo["Orleans:Clustering"]);
        Assert.Equal("false", silo["Orleans:Kubernetes:Enabled"]);
        Assert.True(silo.ServesStreams);
        // No Kafka configured: the silo starts its embedded broker and the demo producer.
        Assert.Null(silo["Kafka:BootstrapServers"]);
        Assert.Contains("silo-dev", silo.Container.Image, StringComparison.Ordinal);
        Assert.Empty(manifests.All<V1StatefulSet>());
        Assert.Empty(manifests.All<V2HorizontalPodAutoscaler>());
    }

    private static IEnumerable<(string Workload, V1PodTemplateSpec Template)> OurWorkloads(Manifests manifests) =>
        manifests.PodTemplates().Where(p => p.Template.Spec.Containers.Single().Name is "silo" or "gateway");
}
