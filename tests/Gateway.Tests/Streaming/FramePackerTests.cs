using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using EventStreams.Gateway.Streaming;

namespace EventStreams.Gateway.Tests.Streaming;

public sealed class FramePackerTests
{
    [Fact]
    public async Task Reserve_SmallAndLargerThanABlockFrames_PipeGetsThemAllInOrder()
    {
        var pipe = new Pipe();
        var packer = new FramePacker();
        packer.Start(pipe.Writer);
        var frames = Enumerable.Range(0, 300)
            .Select(n => Encoding.ASCII.GetBytes(new string((char)('a' + n % 26), n % 50 == 0 ? FramePacker.BlockBytes * 2 : 1 + n % 97)))
            .ToArray();

        foreach (var frame in frames)
        {
            frame.CopyTo(packer.Reserve(frame.Length));
            packer.Wrote(frame.Length);
        }
        packer.Commit();
        await pipe.Writer.CompleteAsync();

        var read = await pipe.Reader.ReadAtLeastAsync(frames.Sum(f => f.Length));
        Assert.Equal(frames.SelectMany(f => f).ToArray(), read.Buffer.ToArray());
    }

    [Fact]
    public void Fits_AfterABlockIsReserved_CountsWhatWasPacked()
    {
        var pipe = new Pipe();
        var packer = new FramePacker();
        packer.Start(pipe.Writer);

        Assert.False(packer.Fits(1)); // nothing reserved yet
        packer.Reserve(10);
        packer.Wrote(10);

        Assert.True(packer.Fits(FramePacker.BlockBytes - 10));
        packer.Commit();
        Assert.Equal(10, pipe.Writer.UnflushedBytes);
    }
}
