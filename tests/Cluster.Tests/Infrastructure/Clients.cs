namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>Groups of checked SSE clients and the waits the tests share.</summary>
public static class Clients
{
    /// <summary><paramref name="count"/> clients of <paramref name="path"/>, alternating between the gateways, each with its own client IP.</summary>
    public static CheckedStream[] Spread(ClusterFixture cluster, int count, string path, bool reconnect) =>
        [.. Enumerable.Range(0, count).Select(i =>
        {
            var urls = cluster.GatewayUrls;
            // The first gateway is the client's own; a reconnecting client moves to the other one.
            string[] order = i % 2 == 0 ? [urls[0], urls[1]] : [urls[1], urls[0]];
            return new CheckedStream(cluster.Http, order, path, $"10.{i / 250}.{i % 250}.1", reconnect);
        })];

    /// <summary>Waits until every client has seen an event of every one of <paramref name="partitions"/>.</summary>
    public static async Task WaitUntilAllSeeAsync(IEnumerable<CheckedStream> clients, IReadOnlyList<(string Topic, int Partition)> partitions, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!clients.All(c => partitions.All(p => c.LastOffset(p.Topic, p.Partition) >= 0)))
        {
            if (DateTime.UtcNow > deadline)
            {
                var behind = clients.Count(c => partitions.Any(p => c.LastOffset(p.Topic, p.Partition) < 0));
                throw new TimeoutException($"{behind} clients had not seen every partition.\n{diagnostics()}");
            }
            await Task.Delay(50);
        }
    }

    /// <summary>Waits until every client has received up to the last produced offset of every partition.</summary>
    public static async Task WaitUntilCompleteAsync(IEnumerable<CheckedStream> clients, IReadOnlyDictionary<(string Topic, int Partition), long> lastProduced, TimeSpan timeout, Func<string> diagnostics)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!clients.All(c => c.HasReceivedAll(lastProduced)))
        {
            if (DateTime.UtcNow > deadline)
            {
                var missing = clients.Where(c => !c.HasReceivedAll(lastProduced)).Take(3)
                    .Select(c => $"{c.ClientIp}: " + string.Join(", ", lastProduced.Select(p => $"{p.Key.Topic}/{p.Key.Partition} {c.LastOffset(p.Key.Topic, p.Key.Partition)}/{p.Value}")));
                throw new TimeoutException($"{clients.Count(c => !c.HasReceivedAll(lastProduced))} clients are missing events, e.g.\n{string.Join("\n", missing)}\n{diagnostics()}");
            }
            await Task.Delay(50);
        }
    }

    public static IReadOnlyList<(string Topic, int Partition)> PartitionsOf(params (string Topic, int Partitions)[] topics) =>
        [.. topics.SelectMany(t => Enumerable.Range(0, t.Partitions).Select(p => (t.Topic, p)))];
}
