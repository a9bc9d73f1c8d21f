using EventStreams.Gateway.Api;

namespace EventStreams.Gateway.Tests.Api;

public sealed class SinceTests
{
    private const long Ms = 1_700_000_000_000; // 2023-11-14T22:13:20Z

    [Theory]
    [InlineData("1700000000000", Ms)]
    [InlineData("1700000000", Ms)]
    [InlineData("1700000000.5", Ms + 500)]
    [InlineData("0", 0)]
    [InlineData("99999999999", 99_999_999_999_000)]
    [InlineData("100000000000", 100_000_000_000)]
    [InlineData("2023-11-14T22:13:20Z", Ms)]
    [InlineData("2023-11-14T22:13:20.000Z", Ms)]
    [InlineData("2023-11-14T23:13:20+01:00", Ms)]
    [InlineData("2023-11-14T22:13:20", Ms)]
    [InlineData("2023-11-14", Ms - (22 * 3600 + 13 * 60 + 20) * 1000L)]
    [InlineData("Tue, 14 Nov 2023 22:13:20 GMT", Ms)]
    [InlineData("Tue, 14 Nov 2023 23:13:20 +0100", Ms)]
    [InlineData(" 1700000000000\t", Ms)]
    public void TryParse_SupportedFormats_EpochMilliseconds(string raw, long expected)
    {
        Assert.True(Since.TryParse(raw, out var ms));
        Assert.Equal(expected, ms);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    public void TryParse_AbsentOrEmpty_NoPlayback(string? raw)
    {
        Assert.True(Since.TryParse(raw, out var ms));
        Assert.Null(ms);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("   ")]
    [InlineData("-5")]
    [InlineData("11/14/2023")]
    [InlineData("1,2")]
    [InlineData("2023-13-45")]
    public void TryParse_NotATimestamp_False(string raw)
    {
        Assert.False(Since.TryParse(raw, out _));
    }

    [Theory]
    [InlineData("1\0")]
    [InlineData("1\0garbage")]
    [InlineData("1700000000000\0")]
    [InlineData("2023-11-14T22:13:20Z\0")]
    [InlineData("2023-11-14T22:13:20Z\0junk")]
    [InlineData("Tue, 14 Nov 2023 22:13:20 GMT\0")]
    [InlineData("1\n")]
    [InlineData("1\u00a0")]
    [InlineData("１７００")]
    public void TryParse_TrailingGarbageOrNonAscii_False(string raw)
    {
        Assert.False(Since.TryParse(raw, out _));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z", -62_135_596_800_000)]
    [InlineData("1969-12-31T23:59:59Z", -1_000)]
    [InlineData("Mon, 01 Jan 0001 00:00:00 GMT", -62_135_596_800_000)]
    public void TryParse_DateBeforeTheEpoch_NegativeMilliseconds(string raw, long expected)
    {
        Assert.True(Since.TryParse(raw, out var ms));
        Assert.Equal(expected, ms);
    }
}
