using System.Text;

namespace EventStreams.Bench.Tests.Load;

/// <summary>Responses as the service sends them, for the load client's parser.</summary>
internal static class SseFrames
{
    /// <summary>An SSE frame of a producer's event.</summary>
    public static string Frame(long ts, long seq, int p) =>
        $"event: message\nid: [{{\"topic\":\"t\",\"partition\":{p},\"timestamp\":{ts + 1}}}]\ndata: {{\"ts\":{ts},\"seq\":{seq},\"p\":{p},\"pad\":\"xx\",\"meta\":{{}}}}\n\n";

    /// <summary>An SSE frame of a producer's event with a bucket and its sequence in partition and bucket (F1), produced now.</summary>
    public static string Bucketed(long seq, int p, int bucket, long bucketSeq) =>
        $"event: message\nid: [{{\"topic\":\"t\",\"partition\":{p}}}]\ndata: {{\"ts\":{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()},\"seq\":{seq},\"p\":{p},\"b\":{bucket},\"bs\":{bucketSeq},\"pad\":\"xx\"}}\n\n";

    /// <summary>A 200 response head and <paramref name="chunks"/> in HTTP chunked encoding.</summary>
    public static byte[] Chunked(params string[] chunks)
    {
        var text = new StringBuilder("HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nTransfer-Encoding: chunked\r\n\r\n");
        foreach (var chunk in chunks)
        {
            text.Append($"{Encoding.UTF8.GetByteCount(chunk):x}\r\n{chunk}\r\n");
        }
        return Encoding.UTF8.GetBytes(text.ToString());
    }
}
