using System.Net;
using System.Text.Json;

namespace EventStreams.Bench.Load;

/// <summary>
/// A load-generating child process, driven line by line on stdin by the bench runner. Its clients
/// take turns over the servers it was given (client i starts at server i mod n; a reconnecting
/// client moves on to the next):
///   connect COUNT PATH RATE [reconnect | churn STAYMIN STAYMAX AWAYMIN AWAYMAX | buckets N]
///                             open COUNT connections (RATE per second, 0 = at once), answer when they have :ok;
///                             with "reconnect" they resume EventSource-style when their stream breaks; with
///                             "churn" they do that too, and also leave after a random stay (seconds) and come
///                             back after a random absence, with their Last-Event-ID; with "buckets N" client i
///                             filters on bucket i mod N ({bucket} in PATH) and checks that it gets exactly that share
///   churn-stop                churning clients stop leaving (those away come back), so all can be checked at the end
///   mark UNIXMS               record per partition when the first event produced after UNIXMS arrives
///   report | report-reset     statistics since the last reset
///   finish LAST0,LAST1,… [BL…] count events never received, given each partition's last sequence number (and
///                             each partition's and bucket's, at [partition × buckets + bucket]), and clients short of their share
///   close                     close everything and exit
/// Every answer is one line starting with "@@" followed by JSON.
/// </summary>
public static class LoadProcess
{
    // Enough for a few fan-out batches; idle connections (P2) ask for less.
    private const int DefaultBufferBytes = 16 * 1024;
    private static readonly TimeSpan ConnectDeadline = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(string servers, int bufferBytes)
    {
        var endpoints = servers.Split(',').Select(IPEndPoint.Parse).ToArray();
        var stats = new LoadStats();
        var clients = new List<SseSocketClient>();
        var runs = new List<Task>();
        using var stop = new CancellationTokenSource();
        var nextSource = 0;
        while (Console.ReadLine() is { } line)
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            switch (parts.FirstOrDefault())
            {
                case "connect":
                    var count = int.Parse(parts[1]);
                    var path = parts[2];
                    var rate = parts.Length > 3 ? double.Parse(parts[3], System.Globalization.CultureInfo.InvariantCulture) : 0;
                    var churning = parts.Length > 4 && parts[4] == "churn";
                    // "buckets N": client i of this command filters on bucket i mod N, written {bucket} in the path.
                    var buckets = parts.Length > 5 && parts[4] == "buckets" ? int.Parse(parts[5], System.Globalization.CultureInfo.InvariantCulture) : 0;
                    var reconnect = churning || (parts.Length > 4 && parts[4] == "reconnect");
                    var added = new List<SseSocketClient>(count);
                    var started = Environment.TickCount64;
                    for (var i = 0; i < count; i++)
                    {
                        // Spread source addresses over 127.0.0.2-254 so ephemeral ports never run out.
                        var source = new IPAddress(new byte[] { 127, 0, 0, (byte)(2 + nextSource % 253) });
                        var order = Rotated(endpoints, nextSource++ % endpoints.Length);
                        // Seeded by the client's number: a run's churn can be reproduced.
                        var churn = churning ? ChurnSchedule.Parse(parts.AsSpan(5), seed: nextSource) : null;
                        var bucket = buckets > 0 ? i % buckets : SseSocketClient.Unfiltered;
                        var clientPath = buckets > 0 ? BucketPath(path, bucket) : path;
                        var client = new SseSocketClient(order, source, clientPath, stats, bufferBytes > 0 ? bufferBytes : DefaultBufferBytes, reconnect, churn, bucket);
                        added.Add(client);
                        runs.Add(Task.Run(() => client.RunAsync(stop.Token)));
                        if (rate > 0)
                        {
                            var due = started + (long)((i + 1) * 1000 / rate);
                            var wait = due - Environment.TickCount64;
                            if (wait > 0)
                            {
                                await Task.Delay((int)wait);
                            }
                        }
                    }
                    clients.AddRange(added);
                    var deadline = DateTime.UtcNow + ConnectDeadline;
                    while (added.Any(c => !c.GotPreamble) && DateTime.UtcNow < deadline && runs.Any(r => !r.IsCompleted))
                    {
                        await Task.Delay(50);
                    }
                    Answer(new { connected = added.Count(c => c.GotPreamble), requested = count, total = clients.Count(c => c.GotPreamble) });
                    break;
                case "report":
                case "report-reset":
                    var report = stats.Report(reset: parts[0] == "report-reset");
                    report.Connections = clients.Count;
                    report.Connected = clients.Count(c => c.GotPreamble);
                    report.Open = clients.Count(c => c.IsOpen);
                    report.ReconnectedClients = clients.Count(c => c.Disconnects > 0);
                    report.SeenBy = SeenBy(clients);
                    Answer(report);
                    break;
                case "churn-stop":
                    foreach (var c in clients)
                    {
                        c.StopChurning();
                    }
                    Answer(new { stopped = clients.Count });
                    break;
                case "mark":
                    stats.Mark(long.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture));
                    Answer(new { marked = parts[1] });
                    break;
                case "finish":
                    var last = Numbers(parts[1]);
                    var bucketLast = parts.Length > 2 ? Numbers(parts[2]) : [];
                    var share = ShareCheck.Summarize(clients.Where(c => c.GotPreamble), last, bucketLast);
                    stats.AddLost(share.TailLost);
                    Answer(new
                    {
                        tailLost = share.TailLost, partitionsNeverSeen = share.PartitionsNeverSeen, clientsExact = share.ClientsExact,
                        clientsShort = share.ClientsShort, clientsDuplicated = share.ClientsDuplicated, clientsWrongFilter = share.ClientsWrongFilter,
                    });
                    break;
                case "close":
                    stop.Cancel();
                    foreach (var c in clients)
                    {
                        c.Close();
                    }
                    Answer(new { closed = clients.Count });
                    return 0;
            }
        }
        return 0;
    }

    /// <summary>The path of a client filtered on <paramref name="bucket"/>: {bucket} in <paramref name="path"/> replaced by it.</summary>
    internal static string BucketPath(string path, int bucket) =>
        path.Replace("{bucket}", bucket.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static long[] Numbers(string commaSeparated) =>
        [.. commaSeparated.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(n => long.Parse(n, System.Globalization.CultureInfo.InvariantCulture))];

    /// <summary><paramref name="servers"/> starting at <paramref name="first"/>, then the rest in order.</summary>
    internal static IPEndPoint[] Rotated(IPEndPoint[] servers, int first) => [.. servers[first..], .. servers[..first]];

    private static int[] SeenBy(List<SseSocketClient> clients)
    {
        var seen = new int[clients.Count == 0 ? 0 : clients.Max(c => c.NextSequences.Length)];
        foreach (var client in clients)
        {
            var next = client.NextSequences;
            for (var p = 0; p < next.Length; p++)
            {
                if (next[p] >= 0)
                {
                    seen[p]++;
                }
            }
        }
        return seen;
    }

    private static void Answer(object value) => Console.WriteLine("@@" + JsonSerializer.Serialize(value));
}
