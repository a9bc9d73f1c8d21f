using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventStreams.EndToEnd.Tests.Config;

/// <summary>
/// A stand-in for MediaWiki's action=streamconfigs on 127.0.0.1 (a free port): it serves
/// whatever document or HTTP status the test sets, and remembers what the requests looked like.
/// </summary>
public sealed class StreamConfigServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private volatile string _body = "{}";
    private volatile int _status = StatusCodes.Status200OK;
    private volatile TaskCompletionSource _gate = Open();
    private int _requests;

    private StreamConfigServer(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    /// <summary>Requests answered so far; a test waits on it to know a reload has happened.</summary>
    public int Requests => Volatile.Read(ref _requests);

    public string? LastHost { get; private set; }

    public string? LastUserAgent { get; private set; }

    public static async Task<StreamConfigServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new StreamConfigServer(app);
        app.MapGet("/w/api.php", (Delegate)server.Answer);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = $"{address}/w/api.php?format=json&action=streamconfigs";
        return server;
    }

    /// <summary>From the next request on, answer 200 with this document.</summary>
    public void Serve(string body)
    {
        _body = body;
        _status = StatusCodes.Status200OK;
    }

    /// <summary>From the next request on, answer with this status and the given body.</summary>
    public void Fail(int status, string body = "")
    {
        _body = body;
        _status = status;
    }

    /// <summary>From now on requests wait (the host's configuration load hangs) until <see cref="Release"/>.</summary>
    public void Hold() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _gate.TrySetResult();

    private static TaskCompletionSource Open()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        gate.SetResult();
        return gate;
    }

    private async Task<IResult> Answer(HttpContext context)
    {
        LastHost = context.Request.Host.Value;
        LastUserAgent = context.Request.Headers.UserAgent.ToString();
        Interlocked.Increment(ref _requests);
        await _gate.Task.WaitAsync(context.RequestAborted);
        return Results.Text(_body, "application/json", statusCode: _status);
    }

    public async ValueTask DisposeAsync()
    {
        Release();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
