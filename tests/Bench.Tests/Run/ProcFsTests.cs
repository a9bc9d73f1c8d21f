using System.Diagnostics;
using EventStreams.Bench.Run;

namespace EventStreams.Bench.Tests.Run;

/// <summary>The soak's per-minute readings of the service process, here of this process.</summary>
public sealed class ProcFsTests
{
    // Files this test holds open; other tests of the process open and close a few meanwhile.
    private const int Held = 20;

    [Fact]
    public void OpenFiles_FilesHeldOpen_CountedAmongTheDescriptors()
    {
        var before = ProcFs.OpenFiles(Environment.ProcessId);
        var path = Path.GetTempFileName();
        var streams = Enumerable.Range(0, Held).Select(_ => new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite)).ToList();
        try
        {
            Assert.True(ProcFs.OpenFiles(Environment.ProcessId) >= before + Held / 2);
        }
        finally
        {
            streams.ForEach(s => s.Dispose());
            File.Delete(path);
        }
    }

    [Fact]
    public void Threads_ThisProcess_AboutWhatDotnetCounts()
    {
        var threads = ProcFs.Threads(Environment.ProcessId);
        var counted = Process.GetCurrentProcess().Threads.Count;

        Assert.InRange(threads, Math.Max(1, counted / 2), counted * 2);
    }

    [Fact]
    public void SchedstatWait_Line_TheSecondField()
    {
        Assert.Equal(117996, ProcFs.SchedstatWait("1299187 117996 2\n"));
    }

    [Fact]
    public void RunQueueWaitSeconds_ThisProcess_NotNegative()
    {
        Assert.True(ProcFs.RunQueueWaitSeconds(Environment.ProcessId) >= 0);
    }
}
