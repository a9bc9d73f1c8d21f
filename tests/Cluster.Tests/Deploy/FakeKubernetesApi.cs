using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using EventStreams.TestKit;
using k8s;
using k8s.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>
/// The few Kubernetes API calls Orleans' Kubernetes hosting makes, over plain HTTP on loopback,
/// for silos started outside a cluster: read and patch a pod (its labels), list and watch the
/// pods of the cluster. Every call is recorded as an RBAC verb on "pods", so a test can check the
/// manifests' Role allows exactly what the silo does. A silo finds it through KUBECONFIG.
/// </summary>
public sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, V1Pod> _pods = new();
    private readonly ConcurrentQueue<(string Verb, string Resource)> _calls = new();

    private FakeKubernetesApi(WebApplication app, string kubeconfig)
    {
        _app = app;
        KubeconfigPath = kubeconfig;
    }

    /// <summary>A kubeconfig file naming this server; give it to a process as KUBECONFIG.</summary>
    public string KubeconfigPath { get; }

    public IReadOnlyCollection<(string Verb, string Resource)> Calls => [.. _calls];

    public V1Pod? Pod(string name) => _pods.TryGetValue(name, out var pod) ? pod : null;

    /// <summary>A pod as the API server would have it: its name and namespace, its template's labels.</summary>
    public void AddPod(string name, string @namespace, IDictionary<string, string> labels) =>
        _pods[name] = new V1Pod { ApiVersion = "v1", Kind = "Pod", Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = new Dictionary<string, string>(labels) } };

    public static async Task<FakeKubernetesApi> StartAsync(string directory)
    {
        var port = FreePorts.Next();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var kubeconfig = Path.Combine(directory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: fake
                cluster:
                  server: http://127.0.0.1:{port}
            users:
              - name: silo
                user:
                  token: test-token
            contexts:
              - name: fake
                context:
                  cluster: fake
                  user: silo
            current-context: fake
            """);
        var api = new FakeKubernetesApi(app, kubeconfig);
        app.MapGet("/api/v1/namespaces/{ns}/pods/{name}", (string name) => api.Read(name));
        app.MapMethods("/api/v1/namespaces/{ns}/pods/{name}", ["PATCH"], api.PatchAsync);
        app.MapGet("/api/v1/namespaces/{ns}/pods", (Func<HttpContext, Task<IResult>>)api.ListOrWatchAsync);
        app.MapFallback((HttpContext context) =>
        {
            api._calls.Enqueue(($"{context.Request.Method} {context.Request.Path}", "unknown"));
            return Results.NotFound();
        });
        await app.StartAsync();
        return api;
    }

    private IResult Read(string name)
    {
        _calls.Enqueue(("get", "pods"));
        return _pods.TryGetValue(name, out var pod) ? Json(pod) : Results.NotFound();
    }

    private async Task<IResult> PatchAsync(string name, HttpContext context)
    {
        _calls.Enqueue(("patch", "pods"));
        if (!_pods.TryGetValue(name, out var pod))
        {
            return Results.NotFound();
        }
        // A merge patch of labels is all Orleans sends.
        var patch = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync());
        foreach (var (key, value) in patch?["metadata"]?["labels"]?.AsObject() ?? [])
        {
            pod.Metadata.Labels[key] = value!.GetValue<string>();
        }
        return Json(pod);
    }

    private async Task<IResult> ListOrWatchAsync(HttpContext context)
    {
        if (context.Request.Query["watch"] == "true")
        {
            _calls.Enqueue(("watch", "pods"));
            // No pod changes while the test runs: hold the watch open, as the API server does.
            context.Response.ContentType = "application/json";
            await context.Response.StartAsync();
            await context.Response.Body.FlushAsync();
            try
            {
                await Task.Delay(Timeout.Infinite, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
            return Results.Empty;
        }
        _calls.Enqueue(("list", "pods"));
        return Json(new V1PodList { ApiVersion = "v1", Kind = "PodList", Metadata = new V1ListMeta(), Items = [.. _pods.Values] });
    }

    private static IResult Json(object value) => Results.Text(KubernetesJson.Serialize(value), "application/json");

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
