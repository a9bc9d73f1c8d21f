using EventStreams.Bench.Load;
using EventStreams.Bench.Produce;
using EventStreams.Bench.Run;
using static System.Globalization.CultureInfo;

// One executable, three roles: the runner, and the load and producer child processes it starts.
return args.FirstOrDefault() switch
{
    "load" => await LoadProcess.RunAsync(args[1], int.Parse(args[2], InvariantCulture)),
    "produce" => await ProducerProcess.RunAsync(args[1], args[2], int.Parse(args[3], InvariantCulture),
        double.Parse(args[4], InvariantCulture), double.Parse(args[5], InvariantCulture), int.Parse(args[6], InvariantCulture), long.Parse(args[7], InvariantCulture),
        args.Length > 8 ? int.Parse(args[8], InvariantCulture) : 0),
    _ => await RunAsync(args.FirstOrDefault() == "run" ? args[1..] : args),
};

static async Task<int> RunAsync(string[] args)
{
    var root = AppContext.BaseDirectory;
    while (!File.Exists(Path.Combine(root, "EventStreams.sln")))
    {
        root = Path.GetDirectoryName(root.TrimEnd('/')) ?? throw new InvalidOperationException("Run the bench from inside the repository.");
    }
    var benchDll = Path.Combine(AppContext.BaseDirectory, "EventStreams.Bench.dll");
    return await new BenchRunner(BenchOptions.Parse(args), root, benchDll).RunAsync();
}
