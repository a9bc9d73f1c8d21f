namespace EventStreams.EndToEnd.Tests.Api;

/// <summary>The real host with the stream UI enabled and a built UI (an index.html and a script) to serve.</summary>
public sealed class UiHostFixture : SiloHostFixture
{
    public const string IndexHtml = "<!DOCTYPE html><title>EventStreams UI</title>";
    public const string Script = "console.log('ui');";

    private readonly string _directory = Directory.CreateTempSubdirectory("ui-dist-").FullName;

    protected override Task SeedAsync() => Task.WhenAll(
        File.WriteAllTextAsync(Path.Combine(_directory, "index.html"), IndexHtml),
        File.WriteAllTextAsync(Path.Combine(_directory, "app.js"), Script));

    protected override IEnumerable<KeyValuePair<string, string?>> Settings =>
    [
        new("Ui:Enabled", "true"),
        new("Ui:Directory", _directory),
    ];

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }
}
