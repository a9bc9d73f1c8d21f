using System.Globalization;

namespace EventStreams.Bench.Run;

/// <summary>Readings from /proc.</summary>
public static class ProcFs
{
    public static long RssBytes(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("VmRSS:", StringComparison.Ordinal))
            .Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024).First();

    /// <summary>Open file descriptors (sockets included): the entries of /proc/PID/fd.</summary>
    public static int OpenFiles(int pid) => Directory.EnumerateFileSystemEntries($"/proc/{pid}/fd").Count();

    /// <summary>The process's threads, as the Threads: line of /proc/PID/status counts them.</summary>
    public static int Threads(int pid) =>
        File.ReadLines($"/proc/{pid}/status").Where(l => l.StartsWith("Threads:", StringComparison.Ordinal))
            .Select(l => int.Parse(l["Threads:".Length..].Trim(), CultureInfo.InvariantCulture)).First();

    public static double CpuSeconds(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        // utime and stime are fields 14 and 15 of stat, i.e. 11 and 12 after the command name.
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>
    /// Seconds the process's threads have spent runnable but waiting for a CPU (the second field
    /// of each /proc/PID/task/TID/schedstat, in ns), summed over its live threads: when it grows
    /// about as fast as the CPU time, the process was short of cores, not of work.
    /// </summary>
    public static double RunQueueWaitSeconds(int pid)
    {
        long nanoseconds = 0;
        foreach (var task in Directory.EnumerateDirectories($"/proc/{pid}/task"))
        {
            try
            {
                nanoseconds += SchedstatWait(File.ReadAllText(Path.Combine(task, "schedstat")));
            }
            catch (IOException)
            {
                // The thread ended meanwhile.
            }
        }
        return nanoseconds / 1e9;
    }

    /// <summary>The run-queue wait (ns) of a schedstat line: "on-CPU ns, waiting ns, timeslices".</summary>
    public static long SchedstatWait(string schedstat) =>
        long.Parse(schedstat.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);

    public static int ThreadsNamed(int pid, string name) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Count(t =>
        {
            try { return File.ReadAllText(Path.Combine(t, "comm")).Trim() == name; }
            catch (IOException) { return false; }
        });

    /// <summary>Established TCP connections of the process whose remote port is <paramref name="port"/> (it connected to it).</summary>
    public static int EstablishedTo(int pid, int port) => Established(pid, port, RemoteAddressField);

    /// <summary>Established TCP connections of the process whose local port is <paramref name="port"/> (accepted on it).</summary>
    public static int EstablishedOn(int pid, int port) => Established(pid, port, LocalAddressField);

    // Fields of a /proc/net/tcp line: sl, local_address, rem_address, st, …, inode (10th).
    private const int LocalAddressField = 1, RemoteAddressField = 2, StateField = 3, InodeField = 9;
    private const string EstablishedState = "01";

    private static int Established(int pid, int port, int addressField)
    {
        var inodes = new HashSet<string>();
        foreach (var fd in Directory.EnumerateFiles($"/proc/{pid}/fd"))
        {
            try
            {
                var target = new FileInfo(fd).LinkTarget;
                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal))
                {
                    inodes.Add(target[8..^1]);
                }
            }
            catch (IOException)
            {
            }
        }
        var hexPort = ":" + port.ToString("X4", CultureInfo.InvariantCulture);
        return File.ReadLines("/proc/net/tcp").Skip(1).Concat(File.ReadLines("/proc/net/tcp6").Skip(1))
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Count(f => f[addressField].EndsWith(hexPort, StringComparison.Ordinal) && f[StateField] == EstablishedState && inodes.Contains(f[InodeField]));
    }
}
