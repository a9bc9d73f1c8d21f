using EventStreams.Grains.Events;

namespace EventStreams.Grains.Tests.Events;

public sealed class PageTitlesTests
{
    [Theory]
    [InlineData("Redact this", "redact_this")]
    [InlineData("  Redact   this \n", "redact_this")]
    [InlineData("a\tb", "a\tb")]          // only spaces collapse
    [InlineData("a__b", "a__b")]          // underscores stay as they are
    [InlineData("\uFEFFTitle\u2028", "title")] // JavaScript's trim includes BOM and line separators
    [InlineData("\u0085Title", "\u0085title")] // ...but not NEL, which .NET's Trim would remove
    [InlineData("Участник:HTriedman (WMF)/redacted page test", "участник:htriedman_(wmf)/redacted_page_test")]
    [InlineData("ΟΔΟΣ", "οδος")]          // final sigma, as JavaScript's toLowerCase
    [InlineData("ΣΑ", "σα")]
    [InlineData("İstanbul", "i\u0307stanbul")]
    [InlineData("𐐀", "𐐨")]               // outside the BMP
    [InlineData("404", "404")]
    public void Normalize_Title_MatchesJavaScript(string title, string expected)
    {
        Assert.Equal(expected, PageTitles.Normalize(title));
    }

    [Fact]
    public void Normalize_Null_IsNull()
    {
        Assert.Null(PageTitles.Normalize(null));
    }
}
