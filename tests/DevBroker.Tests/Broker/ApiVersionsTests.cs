using System.Buffers.Binary;
using System.Net.Sockets;
using EventStreams.DevBroker.Tests.Infrastructure;

namespace EventStreams.DevBroker.Tests.Broker;

/// <summary>
/// ApiVersions over a raw socket: a version newer than ours must get UNSUPPORTED_VERSION in the
/// v0 layout, which is how newer clients discover what to fall back to.
/// </summary>
public sealed class ApiVersionsTests(DevBrokerFixture fixture) : IClassFixture<DevBrokerFixture>
{
    private const short ApiVersionsKey = 18;
    private const short UnsupportedVersion = 35;

    [Fact]
    public async Task ApiVersions_VersionAboveSupported_ReturnsUnsupportedVersionWithV0Ranges()
    {
        var body = await SendAsync(apiVersion: 9, correlationId: 77, flexibleHeader: true);

        Assert.Equal(77, BinaryPrimitives.ReadInt32BigEndian(body));
        Assert.Equal(UnsupportedVersion, BinaryPrimitives.ReadInt16BigEndian(body.AsSpan(4)));
        var ranges = ReadV0Ranges(body.AsSpan(6));
        Assert.Equal((short)0, ranges[ApiVersionsKey].Min);
        Assert.Equal((short)3, ranges[ApiVersionsKey].Max);
    }

    [Fact]
    public async Task ApiVersions_V0_ListsOnlyImplementedApis()
    {
        var body = await SendAsync(apiVersion: 0, correlationId: 5, flexibleHeader: false);

        Assert.Equal(0, BinaryPrimitives.ReadInt16BigEndian(body.AsSpan(4)));
        var ranges = ReadV0Ranges(body.AsSpan(6));
        Assert.Equal(new short[] { 0, 1, 2, 3, 18, 19, 20, 22 }, ranges.Keys.Order().ToArray());
    }

    private static Dictionary<short, (short Min, short Max)> ReadV0Ranges(ReadOnlySpan<byte> data)
    {
        var count = BinaryPrimitives.ReadInt32BigEndian(data);
        var ranges = new Dictionary<short, (short, short)>();
        for (var i = 0; i < count; i++)
        {
            var entry = data.Slice(4 + (i * 6), 6);
            ranges[BinaryPrimitives.ReadInt16BigEndian(entry)] = (BinaryPrimitives.ReadInt16BigEndian(entry[2..]), BinaryPrimitives.ReadInt16BigEndian(entry[4..]));
        }

        return ranges;
    }

    private async Task<byte[]> SendAsync(short apiVersion, int correlationId, bool flexibleHeader)
    {
        var parts = fixture.BootstrapServers.Split(':');
        using var client = new TcpClient();
        await client.ConnectAsync(parts[0], int.Parse(parts[1]));
        var stream = client.GetStream();

        // Header v1/v2 with client id "t"; a flexible request also carries empty tag sections
        // and (v3+) compact client software name and version.
        var request = new List<byte>();
        void Int16(short v) => request.AddRange([(byte)(v >> 8), (byte)v]);
        Int16(ApiVersionsKey);
        Int16(apiVersion);
        request.AddRange(BitConverter.GetBytes(BinaryPrimitives.ReverseEndianness(correlationId)));
        Int16(1);
        request.Add((byte)'t');
        if (flexibleHeader)
        {
            request.AddRange([0, 2, (byte)'t', 2, (byte)'1', 0]);
        }

        var frame = new byte[4 + request.Count];
        BinaryPrimitives.WriteInt32BigEndian(frame, request.Count);
        request.CopyTo(frame, 4);
        await stream.WriteAsync(frame);

        var sizeBytes = new byte[4];
        await stream.ReadExactlyAsync(sizeBytes);
        var body = new byte[BinaryPrimitives.ReadInt32BigEndian(sizeBytes)];
        await stream.ReadExactlyAsync(body);
        return body;
    }
}
