using System.IO.Pipelines;
using System.Text;

namespace EventStreams.Gateway.Tests.Streaming;

/// <summary>Reads what a connection wrote into a pipe, as text.</summary>
internal static class PipeText
{
    public static async Task<string> ReadUntilAsync(PipeReader reader, string suffix, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        while (!text.ToString().EndsWith(suffix, StringComparison.Ordinal))
        {
            var result = await reader.ReadAsync(cancellationToken);
            Append(text, result);
            reader.AdvanceTo(result.Buffer.End);
        }
        return text.ToString();
    }

    public static async Task<string> ReadToEndAsync(PipeReader reader)
    {
        var text = new StringBuilder();
        while (true)
        {
            var result = await reader.ReadAsync();
            Append(text, result);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                return text.ToString();
            }
        }
    }

    private static void Append(StringBuilder text, ReadResult result)
    {
        foreach (var segment in result.Buffer)
        {
            text.Append(Encoding.UTF8.GetString(segment.Span));
        }
    }
}
