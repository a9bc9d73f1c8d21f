using System.Net;
using EventStreams.Cluster.Tests.Infrastructure;
using EventStreams.Grains.Interfaces.Clients;
using Xunit.Abstractions;

namespace EventStreams.Cluster.Tests;

/// <summary>The per-IP limit across both gateways while the silo holding the IP's slots dies.</summary>
[Collection(ClusterCollection.Name)]
public sealed class ConnectionLimitTests(ClusterFixture cluster, ITestOutputHelper output)
{
    private const int Workers = 16;
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(14);

    [Fact]
    public async Task RacingConnects_SiloWithTheSlotsKilledMidway_NeverMoreThanTheLimitOpen()
    {
        await cluster.EnsureWholeAsync();
        var ip = $"203.0.113.{Random.Shared.Next(1, 255)}";
        var urls = cluster.GatewayUrls;
        // Activate the IP's grain, and find the silo it lives on: that is the one to kill.
        using (var first = await OpenAsync(urls[0], ip, CancellationToken.None))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }
        var victim = await cluster.SiloOfAsync(cluster.Grains.GetGrain<IClientIpGrain>(ip));

        var open = 0;
        var maxOpen = 0;
        var admitted = 0;
        var admittedAfterKill = 0;
        var refused = 0;
        var unavailable = 0;
        var killed = false;
        using var stop = new CancellationTokenSource();
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            var random = new Random(w);
            while (!stop.IsCancellationRequested)
            {
                HttpResponseMessage response;
                try
                {
                    response = await OpenAsync(urls[w % 2], ip, stop.Token);
                }
                catch (Exception) when (stop.IsCancellationRequested)
                {
                    return;
                }
                using (response)
                {
                    if (response.StatusCode == HttpStatusCode.OK)
                    {
                        // Counted once the 200 is here and uncounted before the close: never more than the cluster holds.
                        InterlockedMax(ref maxOpen, Interlocked.Increment(ref open));
                        Interlocked.Increment(ref admitted);
                        if (Volatile.Read(ref killed))
                        {
                            Interlocked.Increment(ref admittedAfterKill);
                        }
                        await Task.Delay(random.Next(50, 400), CancellationToken.None);
                        Interlocked.Decrement(ref open);
                    }
                    else
                    {
                        Interlocked.Increment(ref response.StatusCode == HttpStatusCode.TooManyRequests ? ref refused : ref unavailable);
                        await Task.Delay(20, CancellationToken.None);
                    }
                }
            }
        })).ToArray();

        await Task.Delay(BeforeKill);
        cluster.KillSilo(victim);
        Volatile.Write(ref killed, true);
        await Task.Delay(AfterKill);
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        output.WriteLine($"admitted {admitted} ({admittedAfterKill} after the kill), refused {refused} (429), unavailable {unavailable} (503), most open at once {maxOpen}");
        Assert.InRange(maxOpen, 1, ClusterFixture.ConnectionLimitPerIp);
        Assert.True(admittedAfterKill > 0, $"the limit should admit again once the grain is back\n{cluster.Logs()}");
        Assert.True(refused > 0, "the workers should have hit the limit");
    }

    private Task<HttpResponseMessage> OpenAsync(string gateway, string ip, CancellationToken cancellationToken)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"{gateway}/v2/stream/sys");
        request.Headers.TryAddWithoutValidation("X-Client-IP", ip);
        return cluster.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current && Interlocked.CompareExchange(ref target, value, current) is var seen && seen != current)
        {
            current = seen;
        }
    }
}
