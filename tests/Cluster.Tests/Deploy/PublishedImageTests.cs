using System.Diagnostics;
using System.Net;
using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.DevBroker;
using EventStreams.Hosting;
using EventStreams.TestKit;
using k8s.Models;
using Xunit.Abstractions;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>Publishing takes both cores: these run alone, after the other system tests.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PublishedImagesCollection
{
    public const string Name = "published images";
}

/// <summary>
/// What the images will run, without a container engine: both hosts published as their
/// Dockerfiles publish them (ImageBuild), then started from that output with the environment
/// and arguments of the rendered manifests (ManifestPod), against a private Redis, a broker and a
/// stand-in for the Kubernetes API.
/// </summary>
[Collection(PublishedImagesCollection.Name)]
public sealed class PublishedImageTests(PublishedImages images, ITestOutputHelper output) : IClassFixture<PublishedImages>, IAsyncLifetime
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);
    private const string SiloDockerfile = "Silo/Dockerfile";
    private const string Namespace = "eventstreams";

    private readonly string _work = Directory.CreateDirectory(Path.Combine(images.Work, $"pods-{Guid.NewGuid():N}")).FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly List<IAsyncDisposable> _owned = [];

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ProductionOverlay_ImagesStartedAsTheManifestsSay_FormAClusterAndServeStreams()
    {
        var clock = Stopwatch.StartNew();
        var siloImage = await images.GetAsync(SiloDockerfile);
        var gatewayImage = await images.GetAsync("Gateway/Dockerfile");
        var built = clock.Elapsed;

        // Published output only, no development broker, no test code.
        Assert.True(File.Exists(Path.Combine(siloImage.Directory, "EventStreams.Silo.dll")));
        Assert.True(File.Exists(Path.Combine(gatewayImage.Directory, "EventStreams.Gateway.dll")));
        foreach (var image in new[] { siloImage, gatewayImage })
        {
            Assert.Empty(Directory.GetFiles(image.Directory, "EventStreams.DevBroker*"));
            Assert.Empty(Directory.GetFiles(image.Directory, "xunit*"));
        }
        Assert.Empty(Directory.GetFiles(gatewayImage.Directory, "EventStreams.Grains.dll")); // grains run on silos only

        var manifests = await Manifests.RenderAsync(Kustomize.Production);
        foreach (var (workload, image) in new[] { ("eventstreams-silo", siloImage), ("eventstreams-gateway", gatewayImage) })
        {
            var template = manifests.Deployment(workload).Spec.Template;
            Assert.Equal(image.User, template.Spec.SecurityContext.RunAsUser.ToString());
            Assert.NotEqual("0", image.User);
            Assert.All(template.Spec.Containers.Single().Ports, p => Assert.Contains(p.ContainerPort.ToString(), image.ExposedPorts));
        }

        var redis = Own(await RedisServer.StartAsync());
        var broker = Own(await KafkaDevBroker.StartAsync(new DevBrokerOptions { Port = 0, AutoCreateTopics = false }));
        const string topic = "eqiad.mediawiki.recentchange";
        broker.CreateTopic(topic, 1);
        broker.CreateTopic("codfw.mediawiki.recentchange", 1);
        var kubernetes = Own(await FakeKubernetesApi.StartAsync(_work));

        var siloPod = new PodFacts("eventstreams-silo-6f7d8c9b4-x2k7p", Namespace, "127.0.0.1");
        kubernetes.AddPod(siloPod.Name, Namespace, manifests.Deployment("eventstreams-silo").Spec.Template.Metadata.Labels);
        var (siloHttp, gatewayHttp) = (FreePorts.Next(), FreePorts.Next());
        var silo = Start(manifests, "eventstreams-silo", siloImage, siloPod, siloHttp, new()
        {
            // Addresses that only resolve inside a cluster, and ports another process may hold here.
            ["Orleans__Redis__ConnectionString"] = redis.ConnectionString,
            ["Kafka__BootstrapServers"] = broker.BootstrapServers,
            ["Urls"] = $"http://127.0.0.1:{siloHttp}",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
            // In a pod the client reads the service account; here it finds the stand-in API server.
            ["KUBECONFIG"] = kubernetes.KubeconfigPath,
        });
        var gateway = Start(manifests, "eventstreams-gateway", gatewayImage, new PodFacts("eventstreams-gateway-7c9d-q8w2z", Namespace, "127.0.0.1"), gatewayHttp, new()
        {
            ["Orleans__Redis__ConnectionString"] = redis.ConnectionString,
            ["Urls"] = $"http://127.0.0.1:{gatewayHttp}",
        });
        await silo.Process.WaitUntilReadyAsync(_http, Deadline);
        await gateway.Process.WaitUntilReadyAsync(_http, Deadline);
        var ready = clock.Elapsed;

        // Every probe of both pods answers 200 on the route it names.
        foreach (var pod in new[] { silo, gateway })
        {
            foreach (var probe in new[] { pod.Container.StartupProbe, pod.Container.ReadinessProbe, pod.Container.LivenessProbe })
            {
                Assert.Equal(HttpStatusCode.OK, await StatusAsync($"{pod.Process.Url}{probe.HttpGet.Path}"));
            }
        }

        // A stream through the gateway, from the silo's consumer of the partition.
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(_http, $"{gateway.Process.Url}/v2/stream/recentchange");
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        await client.WaitForPreambleAsync(cts.Token);
        using var produce = new TestProducer(broker.BootstrapServers);
        await produce.ProduceAsync(topic, 0, """{"seq":1}""", null, null);
        var received = await client.ReadEventAsync(cts.Token);
        Assert.Contains("\"seq\":1", received!.Data);

        // The HPA's metric, as the gateway exports it, counts this connection.
        var metricName = manifests.All<V2HorizontalPodAutoscaler>().Single().Spec.Metrics.Single(m => m.Type == "Pods").Pods.Metric.Name;
        var metrics = await _http.GetStringAsync($"{gateway.Process.Url}/metrics", cts.Token);
        // Labelled with the name the client asked for (an alias here), as the original did.
        Assert.Contains($"{metricName}{{stream=\"recentchange\"}} 1\n", metrics);

        // The dashboard is on the silo (reached by port-forward), never on the gateways behind the public Service.
        Assert.Equal(HttpStatusCode.OK, await StatusAsync($"{silo.Process.Url}/dashboard/"));
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync($"{gateway.Process.Url}/dashboard/"));

        // The silo used the Kubernetes API only as its Role allows, and its pod carries the cluster's labels.
        var role = Assert.Single(manifests.One<V1Role>("eventstreams-silo").Rules);
        var calls = kubernetes.Calls;
        Assert.Contains(("get", "pods"), calls);
        Assert.Contains(("list", "pods"), calls);
        Assert.All(calls, c => Assert.True(role.Resources.Contains(c.Resource) && role.Verbs.Contains(c.Verb), $"{c.Verb} {c.Resource} is not in the Role"));
        var labels = kubernetes.Pod(siloPod.Name)!.Metadata.Labels;
        Assert.Equal(("eventstreams", "eventstreams"), (labels["orleans/serviceId"], labels["orleans/clusterId"]));

        // Without Kafka the production silo stops at once: it has no development broker to fall back on.
        await using var noKafka = NodeProcess.StartCommand("silo-without-kafka", siloImage.Entrypoint[0], siloImage.Entrypoint[1..],
            new Dictionary<string, string>(), siloImage.Directory, "http://127.0.0.1:1");
        Assert.Equal(StartupFailure.ConfigurationExitCode, await noKafka.WaitForExitAsync(Deadline));
        Assert.True(noKafka.LogContains("no embedded development broker"), noKafka.Log());

        output.WriteLine($"published both images in {built.TotalSeconds:0} s; silo and gateway ready {(ready - built).TotalSeconds:0} s later; Kubernetes API calls: {string.Join(", ", calls.Distinct())}");
        foreach (var pod in new[] { silo, gateway })
        {
            output.WriteLine($"{pod.Process.Name}: substituted {string.Join("; ", pod.Substitutions)}");
        }
    }

    [Fact]
    public async Task DevOverlay_SiloImageWithTheEmbeddedBroker_ServesDemoDataOnItsOwn()
    {
        var clock = Stopwatch.StartNew();
        var image = await images.GetAsync(SiloDockerfile, new Dictionary<string, string> { ["EMBEDDED_BROKER"] = "true" });
        var built = clock.Elapsed;
        Assert.True(File.Exists(Path.Combine(image.Directory, "EventStreams.DevBroker.dll")));

        var manifests = await Manifests.RenderAsync(Kustomize.Dev);
        var deployment = Assert.Single(manifests.All<V1Deployment>());
        var http = FreePorts.Next();
        var silo = Start(manifests, deployment.Metadata.Name, image, new PodFacts("eventstreams-silo-5b6c7-d4e5f", "eventstreams-dev", "127.0.0.1"), http, new()
        {
            // Ports another process may hold on this machine.
            ["Urls"] = $"http://127.0.0.1:{http}",
            ["Orleans__SiloPort"] = FreePorts.Next().ToString(),
            ["Orleans__GatewayPort"] = FreePorts.Next().ToString(),
        });
        await silo.Process.WaitUntilReadyAsync(_http, Deadline);
        Assert.True(silo.Process.LogContains("started the embedded development broker"), silo.Process.Log());

        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(_http, $"{silo.Process.Url}/v2/stream/recentchange");
        var demo = await client.ReadEventAsync(cts.Token);
        Assert.Equal("message", demo!.Event);
        Assert.Contains("\"meta\"", demo.Data);
        output.WriteLine($"published the dev image in {built.TotalSeconds:0} s; first demo event {(clock.Elapsed - built).TotalSeconds:0} s after; substituted {string.Join("; ", silo.Substitutions)}");
    }

    private ManifestPod Start(Manifests manifests, string workload, ImageOutput image, PodFacts pod, int port, Dictionary<string, string> overrides)
    {
        var started = ManifestPod.Start(manifests, workload, image, pod, port, overrides, _work);
        Own(started.Process);
        return started;
    }

    /// <summary>Disposed at the end, last first.</summary>
    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }

    private async Task<HttpStatusCode> StatusAsync(string url)
    {
        using var response = await _http.GetAsync(url);
        return response.StatusCode;
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            await owned.DisposeAsync();
        }
        _http.Dispose();
    }
}
