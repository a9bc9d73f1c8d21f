using System.Globalization;

namespace EventStreams.Bench.Run;

/// <summary>Scenario sizes. The defaults finish in a few minutes on 2 cores; every one can be scaled up.</summary>
public sealed class BenchOptions
{
    // C1 (a cluster of one silo and two gateways, 30,000 clients) takes about a minute; C2 kills
    // nodes and is run on its own (see bench/README.md).
    public string Scenarios { get; set; } = "P6,P1,P3,P5,P2,C1";
    public string? Bootstrap { get; set; }
    public int FanoutClients { get; set; } = 5000;
    public double FanoutRate { get; set; } = 100;
    public double FanoutSeconds { get; set; } = 20;
    public int EventBytes { get; set; } = 1024;
    public int IdleClients { get; set; } = 15000;
    public int SteadyStep { get; set; } = 2000;
    public int SteadyMax { get; set; } = 10000;
    public double SteadyRate { get; set; } = 50;
    public int CatchUpEvents { get; set; } = 200_000;
    public int ConnectCount { get; set; } = 1000;
    public double ConnectRate { get; set; } = 200;
    public int ClusterClients { get; set; } = 30_000;
    // 150,000 deliveries/s to 30,000 clients. Each event is one send per connection (a quiet node
    // wakes at once), so the cost is clients × rate sends/s: at 10 events/s the two cores no longer
    // keep up with single-event sends and latency climbs to seconds (measured, see bench/README.md).
    public double ClusterRate { get; set; } = 5;
    public double ClusterSeconds { get; set; } = 20;
    public int FailoverClients { get; set; } = 2000;
    public double FailoverRate { get; set; } = 100;
    public int FailoverPartitions { get; set; } = 4;
    // S1 (soak): not in the default list; it runs for SoakMinutes on its own (see bench/README.md).
    public int SoakMinutes { get; set; } = 30;
    public int SoakClients { get; set; } = 2000;
    public double SoakRate { get; set; } = 50;
    // Each soak client leaves after a random 20–120 s and comes back with its Last-Event-ID.
    public double SoakStayMin { get; set; } = 20;
    public double SoakStayMax { get; set; } = 120;
    // Once a minute: the verdict compares whole thirds of the run, so a sample per minute is enough.
    public double SoakSampleSeconds { get; set; } = 60;
    // F1 (filters): not in the default list; about two minutes (see bench/README.md). 50 filters
    // of 2 % each over 5,000 clients at 10,000 events/s: issue 15's figures.
    public int FilterClients { get; set; } = 5000;
    public int FilterBuckets { get; set; } = 50;
    public double FilterRate { get; set; } = 10_000;
    public double FilterSeconds { get; set; } = 20;
    public string Out { get; set; } = "bench-results";

    /// <summary>Extra configuration for the service, e.g. --service Gateway:FanoutInterval=00:00:00.100 (repeatable).</summary>
    public List<string> ServiceSettings { get; } = [];

    public static BenchOptions Parse(string[] args)
    {
        var o = new BenchOptions();
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            var v = args[i + 1];
            switch (args[i])
            {
                case "--scenarios": o.Scenarios = v; break;
                case "--bootstrap": o.Bootstrap = v; break;
                case "--clients": o.FanoutClients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--rate": o.FanoutRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--seconds": o.FanoutSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--event-bytes": o.EventBytes = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--idle-clients": o.IdleClients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--steady-step": o.SteadyStep = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--steady-max": o.SteadyMax = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--catchup-events": o.CatchUpEvents = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--connects": o.ConnectCount = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--connect-rate": o.ConnectRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--cluster-clients": o.ClusterClients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--cluster-rate": o.ClusterRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--cluster-seconds": o.ClusterSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--failover-clients": o.FailoverClients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--failover-rate": o.FailoverRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--failover-partitions": o.FailoverPartitions = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--soak-minutes": o.SoakMinutes = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--soak-clients": o.SoakClients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--soak-rate": o.SoakRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--soak-stay-min": o.SoakStayMin = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--soak-stay-max": o.SoakStayMax = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--soak-sample-seconds": o.SoakSampleSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--filter-clients": o.FilterClients = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--filter-buckets": o.FilterBuckets = int.Parse(v, CultureInfo.InvariantCulture); break;
                case "--filter-rate": o.FilterRate = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--filter-seconds": o.FilterSeconds = double.Parse(v, CultureInfo.InvariantCulture); break;
                case "--out": o.Out = v; break;
                case "--service": o.ServiceSettings.Add(v); break;
                default: throw new ArgumentException($"Unknown option {args[i]}. See bench/README.md.");
            }
        }
        return o;
    }
}
