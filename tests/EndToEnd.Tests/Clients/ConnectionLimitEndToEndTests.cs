using EventStreams.Gateway.Hosting;
using System.Net;
using System.Text.Json.Nodes;
using EventStreams.Gateway.Clients;
using EventStreams.Grains.Interfaces.Clients;
using EventStreams.TestKit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventStreams.EndToEnd.Tests.Clients;

/// <summary>Per-IP limits through the real host, and two gateway nodes' slot ledgers on its cluster.</summary>
public sealed class ConnectionLimitEndToEndTests(LimitedHostFixture fixture) : IClassFixture<LimitedHostFixture>
{
    private const int Limit = LimitedHostFixture.Limit;
    private const int RacingRequests = 40;
    private const int RacingAcquires = 1_000;
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    private SiloHostFixture Host => fixture.Host;

    private IGrainFactory Grains => Host.Services.GetRequiredService<IGrainFactory>();

    /// <summary>A fresh address for each test (grains keep their slots for the host's life): random, in 2001:db8::/32, canonical.</summary>
    private static string NewClientIp()
    {
        var bytes = new byte[16];
        Random.Shared.NextBytes(bytes);
        (bytes[0], bytes[1], bytes[2], bytes[3]) = (0x20, 0x01, 0x0d, 0xb8);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>A fresh IPv4 address for a test, in the benchmarking range 198.18.0.0/15.</summary>
    private static IPAddress NewIpv4() => new([198, (byte)(18 + Random.Shared.Next(2)), (byte)Random.Shared.Next(256), (byte)Random.Shared.Next(1, 255)]);

    /// <summary>The status of a stream request whose X-Client-IP lines are sent exactly as given, on a socket of its own.</summary>
    private async Task<int> StatusWithHeaderLinesAsync(params string[] clientIpLines)
    {
        using var cts = new CancellationTokenSource(Deadline);
        var address = Host.Http.BaseAddress!;
        using var socket = new System.Net.Sockets.TcpClient();
        await socket.ConnectAsync(address.Host, address.Port, cts.Token);
        var stream = socket.GetStream();
        var request = $"GET /v2/stream/beta.only HTTP/1.1\r\nHost: {address.Authority}\r\n"
            + string.Concat(clientIpLines.Select(v => $"{ClientIp.Header}: {v}\r\n")) + "\r\n";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(request), cts.Token);
        using var reader = new StreamReader(stream);
        var statusLine = await reader.ReadLineAsync(cts.Token) ?? "";
        return int.Parse(statusLine.Split(' ')[1]);
    }

    private Task<int> CountOpen(string clientIp) => Grains.GetGrain<IClientIpGrain>(clientIp).CountOpen();

    private ClientSlots NewGatewayNode() => new(Grains, ClusterConnection.InProcess(), TimeProvider.System, Options.Create(new ConnectionLimitOptions
    {
        ConnectionLimitPerIp = Limit,
        SlotLease = LimitedHostFixture.SlotLease,
        SlotRenewInterval = LimitedHostFixture.SlotRenewInterval,
    }), NullLogger<ClientSlots>.Instance);

    private Task<HttpResponseMessage> GetAsync(string path, string? clientIp, CancellationToken cancellationToken = default)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (clientIp is not null)
        {
            request.Headers.Add(ClientIp.Header, clientIp);
        }
        return Host.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    [Fact]
    public async Task Stream_NoClientIpHeader_Returns400WithTheOriginalsBody()
    {
        using var response = await GetAsync("/v2/stream/beta.only?x=1", clientIp: null);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(
            """{"status":400,"type":"bad_request","title":"Missing Required X-Client-IP Header","detail":"X-Client-IP is a required request header","method":"GET","uri":"/v2/stream/beta.only?x=1"}""",
            await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Stream_RacingConnectsFromOneIp_ExactlyTheLimitAdmittedTheRestGet429()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var clientIp = NewClientIp();
        var responses = await Task.WhenAll(Enumerable.Range(0, RacingRequests).Select(_ => GetAsync("/v2/stream/beta.only", clientIp, cts.Token)));
        try
        {
            Assert.Equal(Limit, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
            var refused = responses.Where(r => r.StatusCode != HttpStatusCode.OK).ToArray();
            Assert.All(refused, r => Assert.Equal(HttpStatusCode.TooManyRequests, r.StatusCode));
            var body = JsonNode.Parse(await refused[0].Content.ReadAsStringAsync(cts.Token))!;
            Assert.Equal(429, (int)body["status"]!);
            Assert.Equal("too_many_requests", (string?)body["type"]);
            Assert.Equal("Too Many Concurrent Connections From Your Client IP", (string?)body["title"]);
            Assert.Equal("Your HTTP client is likely opening too many concurrent connections.", (string?)body["detail"]);
            Assert.Equal(Limit, await CountOpen(clientIp));
        }
        finally
        {
            foreach (var response in responses)
            {
                response.Dispose();
            }
        }

        // Each closed stream gives its slot back exactly once: the count returns to zero, not below.
        await Eventually.GetAsync(() => CountOpen(clientIp), n => n == 0, "the closed streams' slots to be released");
        using var again = await GetAsync("/v2/stream/beta.only", clientIp, cts.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Stream_OtherSpellingsAndListsOfAnIpAtTheLimit_NeverAdmitted()
    {
        using var cts = new CancellationTokenSource(Deadline);
        var v4 = NewIpv4();
        var a = v4.ToString();
        var bytes = v4.GetAddressBytes();
        var mappedHex = $"::ffff:{bytes[0]:x2}{bytes[1]:x2}:{bytes[2]:x2}{bytes[3]:x2}";
        var b = IPAddress.Parse(NewClientIp());
        var bGroups = Enumerable.Range(0, 8).Select(i => (b.GetAddressBytes()[2 * i] << 8) | b.GetAddressBytes()[2 * i + 1]).ToArray();
        var other = NewIpv4().ToString();
        var held = new List<HttpResponseMessage>();
        try
        {
            foreach (var ip in new[] { a, b.ToString() })
            {
                for (var i = 0; i < Limit; i++)
                {
                    var response = await GetAsync("/v2/stream/beta.only", ip, cts.Token);
                    held.Add(response);
                    Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                }
            }

            string[] sameAddress =
            [
                a, $"{a}, {a}", $",{a}", $"junk, {a}", $"198.51.100.7, {a}",
                $"::ffff:{a}", $"::FFFF:{a}", mappedHex, $"0:0:0:0:0:ffff:{a}",
                b.ToString().ToUpperInvariant(),
                string.Join(":", bGroups.Select(g => g.ToString("X4"))),   // uncompressed, zero-padded, upper case
                string.Join(":", bGroups.Select(g => g.ToString("x"))),    // uncompressed
            ];
            foreach (var spelling in sameAddress)
            {
                using var response = await GetAsync("/v2/stream/beta.only", spelling, cts.Token);
                Assert.True(response.StatusCode == HttpStatusCode.TooManyRequests, $"{spelling}: {(int)response.StatusCode}");
            }
            // The header twice, as two lines.
            Assert.Equal(429, await StatusWithHeaderLinesAsync(a, a));
            Assert.Equal(429, await StatusWithHeaderLinesAsync(other, a));

            string[] notOneAddress =
            [
                $"{a},", $"{a}, ", $"{a}:1234", $"[{a}]", $"[{b}]", $"[{b}]:443", $"{b}%eth0", $"{b}%1",
                string.Join(".", bytes.Select(x => x.ToString("D3"))),                       // zero-padded dotted form
                ((uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3])).ToString(), // the 32-bit integer form
                $"0x{bytes[0]:x2}.{bytes[1]}.{bytes[2]}.{bytes[3]}", "1", "0x7f.1",
            ];
            foreach (var spelling in notOneAddress)
            {
                using var response = await GetAsync("/v2/stream/beta.only", spelling, cts.Token);
                Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{spelling}: {(int)response.StatusCode}");
                Assert.Equal("Invalid X-Client-IP Header", (string?)JsonNode.Parse(await response.Content.ReadAsStringAsync(cts.Token))!["title"]);
            }
            Assert.Equal(400, await StatusWithHeaderLinesAsync(a, ""));

            // The rule is the last entry: a list that ends with another address counts against that one.
            using (var response = await GetAsync("/v2/stream/beta.only", $"{a}, {other}", cts.Token))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Assert.Equal(1, await CountOpen(other));
            }
            Assert.Equal(Limit, await CountOpen(a));
            Assert.Equal(Limit, await CountOpen(b.ToString()));
        }
        finally
        {
            foreach (var response in held)
            {
                response.Dispose();
            }
        }
    }

    [Fact]
    public async Task Stream_ErrorAfterAdmission_ReleasesTheSlot()
    {
        var clientIp = NewClientIp();

        using (var response = await GetAsync("/v2/stream/no.such.stream", clientIp))
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("\"type\":\"not_found\"", await response.Content.ReadAsStringAsync());
        }

        await Eventually.GetAsync(() => CountOpen(clientIp), n => n == 0, "the refused request's slot to be released");
    }

    [Fact]
    public async Task ClientSlots_ThousandRacingAcquiresFromTwoGatewayNodes_AdmitExactlyTheLimit()
    {
        using var nodeA = NewGatewayNode();
        using var nodeB = NewGatewayNode();
        var clientIp = NewClientIp();

        var leases = await Task.WhenAll(Enumerable.Range(0, RacingAcquires)
            .Select(i => Task.Run(() => (i % 2 == 0 ? nodeA : nodeB).TryAcquireAsync(clientIp))));

        var admitted = leases.OfType<ConnectionLease>().ToArray();
        Assert.Equal(Limit, admitted.Length);
        Assert.Equal(Limit, await CountOpen(clientIp));

        foreach (var lease in admitted)
        {
            lease.Dispose();
            lease.Dispose();
        }
        await Eventually.GetAsync(() => CountOpen(clientIp), n => n == 0, "the released slots");
    }

    [Fact]
    public async Task ClientSlots_GatewayNodeCrashes_ItsSlotsAreReclaimedAndTheLiveNodeKeepsItsOwn()
    {
        using var crashing = NewGatewayNode();
        using var live = NewGatewayNode();
        await crashing.StartAsync(CancellationToken.None);
        await live.StartAsync(CancellationToken.None);
        var clientIp = NewClientIp();
        Assert.NotNull(await crashing.TryAcquireAsync(clientIp));
        Assert.NotNull(await crashing.TryAcquireAsync(clientIp));
        var kept = await live.TryAcquireAsync(clientIp);
        Assert.NotNull(kept);
        Assert.Null(await live.TryAcquireAsync(clientIp));

        // A crash: the node stops renewing and never releases.
        await crashing.StopAsync(CancellationToken.None);

        // Its lease runs out; the live node's slot, older than a lease by then, survives through renewal.
        await Eventually.GetAsync(() => CountOpen(clientIp), n => n == 1, "the crashed node's slots to be reclaimed");
        var more = new[] { await live.TryAcquireAsync(clientIp), await live.TryAcquireAsync(clientIp) };
        Assert.All(more, Assert.NotNull);
        Assert.Null(await live.TryAcquireAsync(clientIp));

        kept.Dispose();
        foreach (var lease in more)
        {
            lease!.Dispose();
        }
        await live.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task Stream_EventOfARedactedPage_ArrivesRedactedOthersUntouched()
    {
        using var cts = new CancellationTokenSource(Deadline);
        await using var client = await SseClient.ConnectAsync(Host.Http, "/v2/stream/beta.only", headers: [new(ClientIp.Header, NewClientIp())]);
        Assert.Equal(HttpStatusCode.OK, client.Response.StatusCode);
        await client.WaitForPreambleAsync(cts.Token);

        const string Stream = "mediawiki.recentchange";
        await Host.Kafka.ProduceAsync(SiloHostFixture.Beta, 0,
            $$"""{"meta":{"stream":"{{Stream}}","domain":"{{LimitedHostFixture.RedactedWiki}}"},"title":"Redact this","user":"Someone"}""");
        await Host.Kafka.ProduceAsync(SiloHostFixture.Beta, 0,
            $$"""{"meta":{"stream":"{{Stream}}","domain":"{{LimitedHostFixture.RedactedWiki}}"},"title":"Another page","user":"Someone"}""");

        var redacted = JsonNode.Parse((await client.ReadEventAsync(cts.Token))!.Data)!.AsObject();
        var untouched = JsonNode.Parse((await client.ReadEventAsync(cts.Token))!.Data)!.AsObject();
        Assert.False(redacted.ContainsKey("user"));
        Assert.Equal("Someone", (string?)untouched["user"]);
    }
}
