using System.Text;
using EventStreams.Bench.Load;

namespace EventStreams.Bench.Tests.Load;

/// <summary>The id a reconnecting client resumes from: only that of a frame whose data it counted.</summary>
public sealed class LastEventIdTrackerTests
{
    private static byte[] Bytes(string s) => Encoding.UTF8.GetBytes(s);

    [Fact]
    public void Value_BeforeAnyCommit_IsNull()
    {
        var ids = new LastEventIdTracker();
        ids.Pending(Bytes("[1]"));

        Assert.Null(ids.Value);
    }

    [Fact]
    public void Commit_AfterPending_ThatIdIsTheValue_UntilTheNextCommit()
    {
        var ids = new LastEventIdTracker();
        ids.Pending(Bytes("[1]"));
        ids.Commit();
        ids.Pending(Bytes("[2]"));

        Assert.Equal("[1]", ids.Value);
        ids.Commit();
        Assert.Equal("[2]", ids.Value);
    }

    [Fact]
    public void DropPending_ConnectionEndedInsideAFrame_KeepsThePreviousId()
    {
        var ids = new LastEventIdTracker();
        ids.Pending(Bytes("[1]"));
        ids.Commit();
        ids.Pending(Bytes("[2]"));

        ids.DropPending();
        ids.Commit(); // a data line without its own id line commits nothing

        Assert.Equal("[1]", ids.Value);
    }

    [Fact]
    public void Pending_IdLongerThanTheBuffer_KeptWhole()
    {
        var ids = new LastEventIdTracker();
        var id = "[" + string.Join(',', Enumerable.Range(0, 100).Select(p => $"{{\"topic\":\"t\",\"partition\":{p},\"offset\":{p * 1000}}}")) + "]";

        ids.Pending(Bytes(id));
        ids.Commit();

        Assert.Equal(id, ids.Value);
    }
}
