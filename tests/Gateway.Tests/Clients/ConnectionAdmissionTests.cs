using EventStreams.Gateway.Hosting;
using EventStreams.Gateway.Http;
using EventStreams.Gateway.Clients;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EventStreams.Gateway.Tests.Clients;

public sealed class ConnectionAdmissionTests
{
    // No grain is reachable here: these cases must be decided before any cluster call.
    private static ConnectionAdmission Admission(int? limit)
    {
        var options = Options.Create(new ConnectionLimitOptions { ConnectionLimitPerIp = limit });
        return new ConnectionAdmission(new ClientSlots(null!, ClusterConnection.InProcess(), TimeProvider.System, options, NullLogger<ClientSlots>.Instance), options, NullLogger<ConnectionAdmission>.Instance);
    }

    [Fact]
    public async Task AdmitAsync_NoLimitConfigured_AdmitsWithoutClientIp()
    {
        Assert.Null((await Admission(limit: null).AdmitAsync(new DefaultHttpContext())).Refused);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public async Task AdmitAsync_LimitAndNoClientIp_Returns400WithTheOriginalsBody(string? header)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/v2/stream/recentchange";
        if (header is not null)
        {
            context.Request.Headers[ClientIp.Header] = header;
        }

        var result = Assert.IsType<JsonHttpResult<ErrorBody>>((await Admission(limit: 2).AdmitAsync(context)).Refused);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(new ErrorBody(400, "bad_request", "Missing Required X-Client-IP Header", "X-Client-IP is a required request header",
            "GET", "/v2/stream/recentchange"), result.Value);
    }

    [Theory]
    [InlineData("198.51.100.23:1234", "198.51.100.23:1234")]
    [InlineData("3325256727", "3325256727")]
    [InlineData("198.51.100.23,", "")]
    [InlineData("[2001:db8::1]", "[2001:db8::1]")]
    public async Task AdmitAsync_LimitAndClientIpNotOneAddress_Returns400SayingSo(string header, string quoted)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        context.Request.Path = "/v2/stream/recentchange";
        context.Request.Headers[ClientIp.Header] = header;

        var result = Assert.IsType<JsonHttpResult<ErrorBody>>((await Admission(limit: 2).AdmitAsync(context)).Refused);

        Assert.Equal(400, result.StatusCode);
        Assert.Equal(new ErrorBody(400, "bad_request", "Invalid X-Client-IP Header",
            $"X-Client-IP must end with one IP address (such as 203.0.113.7 or 2001:db8::7), without a port, brackets or zone: got '{quoted}'",
            "GET", "/v2/stream/recentchange"), result.Value);
    }

    [Fact]
    public async Task AdmitAsync_NoLimitConfigured_AdmitsWhateverTheClientIpSays()
    {
        var context = new DefaultHttpContext();
        context.Request.Headers[ClientIp.Header] = "not an address";

        Assert.Null((await Admission(limit: null).AdmitAsync(context)).Refused);
    }

    [Theory]
    [InlineData(0, null, null)]
    [InlineData(null, "00:00:00", null)]
    [InlineData(null, "00:00:10", "00:00:15")]
    public void Validate_BadValue_NamesTheKey(int? limit, string? interval, string? lease)
    {
        var options = new ConnectionLimitOptions { ConnectionLimitPerIp = limit };
        if (interval is not null) options.SlotRenewInterval = TimeSpan.Parse(interval);
        if (lease is not null) options.SlotLease = TimeSpan.Parse(lease);

        Assert.StartsWith("ClientLimits:", options.Validate());
    }

    [Fact]
    public void Validate_Defaults_AreValidAndReclaimWithinAMinute()
    {
        var options = new ConnectionLimitOptions { ConnectionLimitPerIp = 2 };

        Assert.Null(options.Validate());
        Assert.True(options.SlotLease <= TimeSpan.FromSeconds(60));
    }
}
