using EventStreams.Grains.Interfaces.Clients;
using EventStreams.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EventStreams.Grains.Tests.Clients;

public sealed class ClientIpGrainTests(ClientIpClusterFixture fixture) : IClassFixture<ClientIpClusterFixture>
{
    private const int Limit = 3;
    private const int Attempts = 1_000;
    private static readonly TimeSpan LongLease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ShortLease = TimeSpan.FromSeconds(1);

    private IClientIpGrain Grain(string ip) => fixture.Grains.GetGrain<IClientIpGrain>($"{ip}-{Guid.NewGuid():N}");

    private static GatewayLease Gateway(TimeSpan? lease = null, int limit = Limit) => new(Guid.NewGuid(), limit, lease ?? LongLease);

    // Stands in for the gateways' acquire numbers: increasing, as a gateway's are.
    private static long _sequence;

    private static long NextSequence() => Interlocked.Increment(ref _sequence);

    private static long CurrentSequence => Volatile.Read(ref _sequence);

    [Fact]
    public async Task TryAcquire_ThousandRacingAttemptsFromTwoGateways_AdmitsExactlyTheLimit()
    {
        var grain = Grain("192.0.2.1");
        GatewayLease[] gateways = [Gateway(), Gateway()];

        var results = await Task.WhenAll(Enumerable.Range(0, Attempts)
            .Select(i => grain.TryAcquire(gateways[i % 2], Guid.NewGuid(), NextSequence())));

        Assert.Equal(Limit, results.Count(admitted => admitted));
        Assert.Equal(Limit, await grain.CountOpen());
    }

    [Fact]
    public async Task TryAcquire_ThousandAttemptsWithChurnFromTwoGateways_NeverMoreThanTheLimitOpen()
    {
        var grain = Grain("192.0.2.2");
        GatewayLease[] gateways = [Gateway(), Gateway()];
        var open = 0;
        var maxOpen = 0;
        var admittedTotal = 0;
        var maxCounted = 0;
        using var sampling = new CancellationTokenSource();
        // The grain's own count, sampled while connections come and go.
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                var counted = await grain.CountOpen();
                InterlockedMax(ref maxCounted, counted);
            }
        });

        const int Workers = 40;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            var random = new Random(worker);
            for (var attempt = worker; attempt < Attempts; attempt += Workers)
            {
                var gateway = gateways[attempt % 2];
                var connection = Guid.NewGuid();
                if (!await grain.TryAcquire(gateway, connection, NextSequence()))
                {
                    continue;
                }
                // Counted after admission and uncounted before release: never above what the grain holds.
                InterlockedMax(ref maxOpen, Interlocked.Increment(ref open));
                Interlocked.Increment(ref admittedTotal);
                await Task.Delay(random.Next(0, 3));
                Interlocked.Decrement(ref open);
                await grain.Release(gateway.GatewayId, connection);
            }
        })));
        await sampling.CancelAsync();
        await sampler;

        Assert.InRange(maxOpen, 1, Limit);
        Assert.InRange(maxCounted, 0, Limit);
        Assert.True(admittedTotal > Limit, $"slots should be reused after release; admitted {admittedTotal}");
        Assert.Equal(0, await grain.CountOpen());
    }

    [Fact]
    public async Task Release_Twice_FreesOnlyThatConnectionsSlot()
    {
        var grain = Grain("192.0.2.3");
        var gateway = Gateway(limit: 2);
        var first = Guid.NewGuid();
        Assert.True(await grain.TryAcquire(gateway, first, NextSequence()));
        Assert.True(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));

        await grain.Release(gateway.GatewayId, first);
        await grain.Release(gateway.GatewayId, first);

        Assert.Equal(1, await grain.CountOpen());
        Assert.True(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));
        Assert.False(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));
    }

    [Fact]
    public async Task TryAcquire_SameConnectionTwice_HoldsOneSlot()
    {
        var grain = Grain("192.0.2.4");
        var gateway = Gateway();
        var connection = Guid.NewGuid();

        Assert.True(await grain.TryAcquire(gateway, connection, NextSequence()));
        Assert.True(await grain.TryAcquire(gateway, connection, NextSequence()));

        Assert.Equal(1, await grain.CountOpen());
    }

    [Fact]
    public async Task CountOpen_GatewayStopsRenewing_ItsSlotsAreReclaimedAndTheLiveGatewaysKept()
    {
        var grain = Grain("192.0.2.5");
        var crashed = Gateway(ShortLease);
        var live = Gateway(ShortLease);
        var liveConnection = Guid.NewGuid();
        Assert.True(await grain.TryAcquire(crashed, Guid.NewGuid(), NextSequence()));
        Assert.True(await grain.TryAcquire(crashed, Guid.NewGuid(), NextSequence()));
        Assert.True(await grain.TryAcquire(live, liveConnection, NextSequence()));
        Assert.False(await grain.TryAcquire(live, Guid.NewGuid(), NextSequence()));

        // The live gateway keeps renewing (as its ClientSlots does); the crashed one says nothing more.
        using var renewing = new CancellationTokenSource();
        var renewer = Task.Run(async () =>
        {
            while (!renewing.IsCancellationRequested)
            {
                await grain.Renew(live, [liveConnection], CurrentSequence);
                await Task.Delay(ShortLease / 4);
            }
        });
        await Eventually.GetAsync(grain.CountOpen, count => count == 1, "the crashed gateway's slots to expire");
        await renewing.CancelAsync();
        await renewer;

        Assert.True(await grain.TryAcquire(live, Guid.NewGuid(), NextSequence()));
        Assert.True(await grain.TryAcquire(live, Guid.NewGuid(), NextSequence()));
        Assert.False(await grain.TryAcquire(live, Guid.NewGuid(), NextSequence()));
    }

    [Fact]
    public async Task Renew_ForgottenActivation_RestoresListedSlotsUpToTheLimit()
    {
        var grain = Grain("192.0.2.6");
        var gateway = Gateway(limit: 2);

        await grain.Renew(gateway, [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()], CurrentSequence);

        Assert.Equal(2, await grain.CountOpen());
    }

    [Fact]
    public async Task Renew_ConnectionNoLongerListed_DropsItsSlot()
    {
        var grain = Grain("192.0.2.7");
        var gateway = Gateway();
        var kept = Guid.NewGuid();
        Assert.True(await grain.TryAcquire(gateway, kept, NextSequence()));
        Assert.True(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));

        await grain.Renew(gateway, [kept], CurrentSequence);

        Assert.Equal(1, await grain.CountOpen());
    }

    [Fact]
    public async Task Renew_ListTakenBeforeANewerAcquire_KeepsThatSlot()
    {
        var grain = Grain("192.0.2.9");
        var gateway = Gateway(limit: 2);
        var old = Guid.NewGuid();
        Assert.True(await grain.TryAcquire(gateway, old, NextSequence()));
        // The gateway takes its list ([old]) ...
        var listTakenAt = CurrentSequence;
        // ... a new connection's acquire overtakes the renewal ...
        Assert.True(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));

        await grain.Renew(gateway, [old], listTakenAt);

        // ... and still counts: otherwise a third connection would get its slot.
        Assert.Equal(2, await grain.CountOpen());
        Assert.False(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));
    }

    [Fact]
    public async Task TryAcquire_AfterTheActivationWasLost_StoredSlotsStillCount()
    {
        var grain = Grain("192.0.2.8");
        var gateway = Gateway();
        for (var i = 0; i < Limit; i++)
        {
            Assert.True(await grain.TryAcquire(gateway, Guid.NewGuid(), NextSequence()));
        }

        // The activation goes away, as it does with a silo that dies; the next call makes a new one.
        var management = fixture.Grains.GetGrain<IManagementGrain>(0);
        await management.ForceActivationCollection(TimeSpan.Zero);
        await Eventually.GetAsync(() => management.GetGrainActivationCount((GrainReference)grain), n => n == 0, "the activation to be collected");

        Assert.False(await grain.TryAcquire(Gateway(), Guid.NewGuid(), NextSequence()));
        Assert.Equal(Limit, await grain.CountOpen());
    }

    [Fact]
    public void GatewayLease_SerializedByTheCluster_RoundTrips()
    {
        var serializer = fixture.Cluster.Client.ServiceProvider.GetRequiredService<Serializer>();
        var lease = new GatewayLease(Guid.NewGuid(), 7, TimeSpan.FromSeconds(45));

        var copy = serializer.Deserialize<GatewayLease>(serializer.SerializeToArray(lease));

        Assert.Equal(lease, copy);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        var current = Volatile.Read(ref target);
        while (value > current)
        {
            var seen = Interlocked.CompareExchange(ref target, value, current);
            if (seen == current)
            {
                return;
            }
            current = seen;
        }
    }
}
