using System.Buffers;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Primitives;

namespace EventStreams.Gateway.Clients;

/// <summary>
/// The client's address, as the per-IP limit counts it and as the connection log names it: read
/// from X-Client-IP, which the proxy in front of the service sets (behind the edge, the socket's
/// peer is the proxy). The one rule, for every caller:
/// <list type="bullet">
/// <item>Several header lines form one comma-separated list (as HTTP defines); only its last entry
/// counts: it is the one the proxy nearest to us wrote, whether that proxy overwrites the header or
/// appends to it (X-Forwarded-For style). Entries before it came from further away, perhaps from the
/// client itself, and are ignored.</item>
/// <item>That entry must be one bare IP address: IPv4 in dotted-decimal form (four numbers 0–255,
/// without leading zeros), or IPv6 in any RFC 4291 text form. An IPv4-mapped IPv6 address counts
/// as its IPv4 address.</item>
/// <item>Anything else is refused rather than guessed at: ports, brackets, zone ids (%eth0), host
/// names, and the legacy IPv4 forms that <see cref="IPAddress.TryParse(string, out IPAddress)"/>
/// accepts ("1", "0x7f.1", "3325256727", and "010.0.0.1", which it reads as octal 8.0.0.1).</item>
/// </list>
/// The result is the address's canonical text (RFC 5952 for IPv6: lower case, zeros compressed),
/// so every spelling of one address is one key.
/// </summary>
internal static class ClientIp
{
    public const string Header = "X-Client-IP";

    /// <summary>The longest text form an address can take (IPv6 with an IPv4 tail: 45 characters).</summary>
    private const int MaxAddressLength = 45;

    /// <summary>How much of a refused entry an error message quotes: enough to recognise it, never a whole header.</summary>
    private const int MaxQuotedLength = 64;

    private static readonly SearchValues<char> Ipv6Characters = SearchValues.Create("0123456789abcdefABCDEF:.");

    /// <summary>What the request's X-Client-IP says.</summary>
    public static ClientIpHeader Read(HttpRequest request) => Read(request.Headers[Header]);

    internal static ClientIpHeader Read(StringValues values)
    {
        var joined = values.Count switch
        {
            0 => "",
            1 => values[0] ?? "",
            _ => string.Join(",", values.ToArray()),
        };
        if (joined.AsSpan().Trim().IsEmpty)
        {
            return ClientIpHeader.Absent;
        }
        var last = joined.AsSpan(joined.LastIndexOf(',') + 1).Trim(" \t");
        return TryCanonicalize(last, out var address)
            ? ClientIpHeader.Valid(address)
            : ClientIpHeader.Invalid(last.Length > MaxQuotedLength ? $"{last[..MaxQuotedLength]}…" : last.ToString());
    }

    /// <summary>The address to log for a request: X-Client-IP when it holds one, else the socket's peer.</summary>
    public static string ForLog(HttpContext context) =>
        Read(context.Request).Address
        ?? (context.Connection.RemoteIpAddress is { } peer ? Canonical(peer) : "unknown");

    /// <summary>The canonical text of <paramref name="text"/>, when it is one bare address in an accepted form.</summary>
    internal static bool TryCanonicalize(ReadOnlySpan<char> text, out string canonical)
    {
        canonical = "";
        if (text.IsEmpty || text.Length > MaxAddressLength)
        {
            return false;
        }
        var isIpv6 = text.Contains(':');
        if (isIpv6 ? !IsIpv6Text(text) : !IsDottedDecimal(text))
        {
            return false;
        }
        if (!IPAddress.TryParse(text, out var address) || address.AddressFamily != (isIpv6 ? AddressFamily.InterNetworkV6 : AddressFamily.InterNetwork))
        {
            return false;
        }
        canonical = Canonical(address);
        return true;
    }

    private static string Canonical(IPAddress address) =>
        (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString();

    /// <summary>Hex digits and colons, with at most a dotted-decimal IPv4 tail (::ffff:192.0.2.1); no zone, no brackets.</summary>
    private static bool IsIpv6Text(ReadOnlySpan<char> text)
    {
        if (text.ContainsAnyExcept(Ipv6Characters))
        {
            return false;
        }
        var tail = text[(text.LastIndexOf(':') + 1)..];
        return !tail.Contains('.') || IsDottedDecimal(tail);
    }

    /// <summary>Exactly four decimal numbers 0–255 separated by dots, none with a leading zero.</summary>
    private static bool IsDottedDecimal(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.IsEmpty || part.Length > 3 || part.ContainsAnyExceptInRange('0', '9')
                || (part.Length > 1 && part[0] == '0') || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }
        return parts == 4;
    }
}

/// <summary>The X-Client-IP header of a request: absent (or blank), a canonical address, or a value that is not one address.</summary>
internal readonly record struct ClientIpHeader(string? Address, string? Refused)
{
    public static readonly ClientIpHeader Absent = new(null, null);

    public static ClientIpHeader Valid(string address) => new(address, null);

    public static ClientIpHeader Invalid(string entry) => new(null, entry);
}
