using EventStreams.Cluster.Tests.Infrastructure;

namespace EventStreams.Cluster.Tests.Deploy;

/// <summary>
/// `kubectl kustomize` of a directory under deploy/k8s, offline. test.sh installs Debian's
/// kubernetes-client (kubectl) when it is missing; without it these tests fail, never skip.
/// </summary>
public static class Kustomize
{
    public const string Base = "base";
    public const string Production = "overlays/production";
    public const string Dev = "overlays/dev";

    public static readonly string[] All = [Base, Production, Dev];

    public static string Directory(string kustomization) => Path.Combine(Repository.Root, "deploy", "k8s", kustomization);

    public static async Task<string> RenderAsync(string kustomization)
    {
        var process = DebianTool.Start("kubectl", ["kustomize", Directory(kustomization)], "kubernetes-client");
        using (process)
        {
            var output = process.StandardOutput.ReadToEndAsync();
            var errors = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"kubectl kustomize {kustomization} failed ({process.ExitCode}): {await errors}");
            }
            return await output;
        }
    }
}
