using System.Text;
using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class IdEntriesTests
{
    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1_700_000_000_123L, 41L)]
    [InlineData(long.MaxValue - 1, long.MaxValue - 1)]
    public void PutAfterMessageSuffix_AnyMessage_IsAfterMessageWithoutItsPrefix(long timestamp, long offset)
    {
        var prefix = IdEntries.TimestampPrefix("eqiad.mediawiki.recentchange", 3);
        var suffix = new byte[IdEntries.MaxSuffixLength];

        var length = IdEntries.PutAfterMessageSuffix(suffix, timestamp, offset);

        Assert.Equal(
            Encoding.UTF8.GetString(IdEntries.AfterMessage(prefix, timestamp, offset)),
            Encoding.UTF8.GetString(prefix) + Encoding.UTF8.GetString(suffix, 0, length));
    }
}
