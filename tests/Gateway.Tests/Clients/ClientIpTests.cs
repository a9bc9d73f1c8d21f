using EventStreams.Gateway.Clients;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Tests.Clients;

/// <summary>X-Client-IP as the per-IP limit counts it: one canonical key per address, whatever its spelling.</summary>
public sealed class ClientIpTests
{
    private const string A = "198.51.100.23";
    private const string B = "2001:db8::1:0:0:1";

    [Theory]
    [InlineData(A, A)]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("255.255.255.255", "255.255.255.255")]
    [InlineData("::ffff:198.51.100.23", A)]          // IPv4-mapped IPv6 is the IPv4 address
    [InlineData("::FFFF:198.51.100.23", A)]
    [InlineData("::ffff:c633:6417", A)]              // the same, in hex
    [InlineData("0:0:0:0:0:ffff:c633:6417", A)]
    [InlineData(B, B)]
    [InlineData("2001:DB8::1:0:0:1", B)]             // upper case
    [InlineData("2001:0db8:0000:0000:0001:0000:0000:0001", B)] // zero-padded and uncompressed
    [InlineData("2001:db8:0:0:1:0:0:1", B)]          // uncompressed
    [InlineData("2001:db8:0:0:1::1", B)]             // compressed elsewhere
    [InlineData("::1", "::1")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    public void TryCanonicalize_OneAddress_ItsCanonicalText(string text, string expected)
    {
        Assert.True(ClientIp.TryCanonicalize(text, out var canonical));
        Assert.Equal(expected, canonical);
    }

    [Theory]
    [InlineData("")]
    [InlineData("198.51.100.23:1234")]   // a port
    [InlineData("[2001:db8::1]")]        // brackets
    [InlineData("[2001:db8::1]:443")]
    [InlineData("2001:db8::1%eth0")]     // zone ids
    [InlineData("fe80::1%1")]
    [InlineData("198.051.100.023")]      // leading zeros (octal to some parsers, decimal to others)
    [InlineData("010.0.0.1")]
    [InlineData("3325256727")]           // the 32-bit integer form of A
    [InlineData("0xc6336417")]
    [InlineData("1")]                    // short forms IPAddress.Parse accepts
    [InlineData("0x7f.1")]
    [InlineData("1.2.3")]
    [InlineData("198.51.100.256")]
    [InlineData("198.51.100.23.1")]
    [InlineData("198.51.100.")]
    [InlineData("::ffff:198.51.100.023")]
    [InlineData("::ffff:0x7f.1")]
    [InlineData("2001:00db8::1")]
    [InlineData("localhost")]
    [InlineData("unknown")]
    [InlineData("198.51.100.23 198.51.100.24")]
    [InlineData("A")]
    public void TryCanonicalize_NotOneBareAddress_False(string text)
    {
        Assert.False(ClientIp.TryCanonicalize(text, out _));
    }

    /// <summary>Header lines, separated by '|' in the test data.</summary>
    private static StringValues Lines(string lines) => lines.Length == 0 ? StringValues.Empty : new StringValues(lines.Split('|'));

    [Theory]
    [InlineData(A, A)]
    [InlineData($"{A}|{A}", A)]                        // the header twice
    [InlineData($"203.0.113.9|{A}", A)]                // two lines: the last one counts
    [InlineData($"{A}, {A}", A)]
    [InlineData($",{A}", A)]
    [InlineData($"203.0.113.9, {A}", A)]               // a list: the entry our proxy appended, last
    [InlineData($"{A}, 127.0.0.1", "127.0.0.1")]
    [InlineData($"junk,{A}", A)]                       // entries before the last are never read
    [InlineData($" \t{A}\t ", A)]
    public void Read_OneOrSeveralValues_TheLastEntry(string lines, string expected)
    {
        Assert.Equal(ClientIpHeader.Valid(expected), ClientIp.Read(Lines(lines)));
    }

    [Theory]
    [InlineData($"{A},", "")]
    [InlineData($"{A}, ", "")]
    [InlineData($"{A}|", "")]
    [InlineData(",", "")]
    [InlineData("|", "")]
    [InlineData($"{A}, {A}:80", $"{A}:80")]
    [InlineData("A, A", "A")]
    public void Read_LastEntryNotAnAddress_Invalid(string lines, string refused)
    {
        Assert.Equal(ClientIpHeader.Invalid(refused), ClientIp.Read(Lines(lines)));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void Read_NoValue_Absent(string lines)
    {
        Assert.Equal(ClientIpHeader.Absent, ClientIp.Read(Lines(lines)));
    }

    [Fact]
    public void Read_LongRefusedEntry_QuotedShortened()
    {
        var header = ClientIp.Read(new StringValues(new string('x', 1000)));
        Assert.Equal(new string('x', 64) + "…", header.Refused);
    }

    [Fact]
    public void ForLog_NoHeader_TheSocketPeerCanonical()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Parse("::ffff:198.51.100.23");

        Assert.Equal(A, ClientIp.ForLog(context));
    }

    [Fact]
    public void ForLog_Header_TheSameAddressTheLimitCounts()
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = System.Net.IPAddress.Loopback;
        context.Request.Headers[ClientIp.Header] = "2001:DB8:0:0:1:0:0:1";

        Assert.Equal(B, ClientIp.ForLog(context));
    }
}
