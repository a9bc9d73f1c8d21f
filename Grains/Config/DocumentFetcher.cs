using EventStreams.Hosting.Configuration;

namespace EventStreams.Grains.Config;

/// <summary>
/// Reads a configuration or schema document from a local path, a file:// URI or an http(s) URL.
/// One HttpClient for the process, as recommended; pooled connections are recycled so that DNS
/// changes of the configuration host are noticed.
/// </summary>
public sealed class DocumentFetcher : IDisposable
{
    /// <summary>A configuration server that does not answer in this time counts as failed; the last good configuration stays.</summary>
    public static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(15);

    private static readonly TimeSpan ConnectionLifetime = TimeSpan.FromMinutes(5);

    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = ConnectionLifetime })
    {
        Timeout = RequestTimeout,
    };

    public static bool IsHttp(string location) =>
        location.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("https://", StringComparison.OrdinalIgnoreCase);

    /// <summary>The document's text.</summary>
    /// <exception cref="DocumentFetchException">It could not be read; the message says where and why.</exception>
    public async Task<string> GetAsync(string location, IReadOnlyDictionary<string, string> headers, string userAgent, CancellationToken cancellationToken)
    {
        try
        {
            return IsHttp(location)
                ? await GetHttpAsync(location, headers, userAgent, cancellationToken)
                : await File.ReadAllTextAsync(LocalFiles.Resolve(location), cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or UriFormatException
                                  || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            var reason = e is TaskCanceledException ? $"no answer within {RequestTimeout.TotalSeconds:0} s" : e.Message;
            throw new DocumentFetchException($"{location}: {reason}", e);
        }
    }

    private async Task<string> GetHttpAsync(string url, IReadOnlyDictionary<string, string> headers, string userAgent, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", userAgent);
        foreach (var (name, value) in headers)
        {
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                // Production asks a local MediaWiki with Host: meta.wikimedia.org.
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.Remove(name);
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
        return await response.Content.ReadAsStringAsync(cancellationToken);
    }

    public void Dispose() => _http.Dispose();
}

/// <summary>A document that could not be read (missing file, HTTP error, timeout).</summary>
public sealed class DocumentFetchException(string message, Exception inner) : Exception(message, inner);
