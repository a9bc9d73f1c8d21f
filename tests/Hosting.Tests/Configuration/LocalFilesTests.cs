using EventStreams.Hosting.Configuration;

namespace EventStreams.Hosting.Tests.Configuration;

public sealed class LocalFilesTests
{
    [Fact]
    public void Find_RelativeNameBesideTheProgram_ItsFullPath()
    {
        // config.yaml is copied beside the test assembly, as beside the service's.
        var found = LocalFiles.Find("config.yaml");

        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "config.yaml"), found);
    }

    [Fact]
    public void Find_RelativeNameInTheWorkingDirectory_WinsOverBesideTheProgram()
    {
        var name = $"local-{Guid.NewGuid():N}.yaml";
        var inWorkingDirectory = Path.GetFullPath(name);
        File.WriteAllText(inWorkingDirectory, "x: 1");
        try
        {
            Assert.Equal(inWorkingDirectory, LocalFiles.Find(name));
        }
        finally
        {
            File.Delete(inWorkingDirectory);
        }
    }

    [Fact]
    public void Find_Missing_Null()
    {
        Assert.Null(LocalFiles.Find("/nonexistent/config.yaml"));
        Assert.Null(LocalFiles.Find($"missing-{Guid.NewGuid():N}.yaml"));
    }

    [Fact]
    public void Resolve_FileUri_ThePathItNames()
    {
        Assert.Equal(Path.Combine(AppContext.BaseDirectory, "config.yaml"), LocalFiles.Resolve(new Uri(Path.Combine(AppContext.BaseDirectory, "config.yaml")).AbsoluteUri));
        Assert.Equal("/nonexistent/x.yaml", LocalFiles.Resolve("file:///nonexistent/x.yaml"));
    }
}
