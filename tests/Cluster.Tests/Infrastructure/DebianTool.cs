using System.Diagnostics;

namespace EventStreams.Cluster.Tests.Infrastructure;

/// <summary>Starting a program from a Debian package that test.sh installs; a missing one fails with the package to install, never skips.</summary>
public static class DebianTool
{
    /// <summary>Starts <paramref name="program"/> with its output redirected.</summary>
    public static Process Start(string program, IEnumerable<string> args, string package)
    {
        var start = new ProcessStartInfo(program, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        try
        {
            return Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"{program} is not installed; ./test.sh installs it (apt-get install {package}).", e);
        }
    }
}
