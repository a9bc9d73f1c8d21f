using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace EventStreams.Ui.Tests.Infrastructure;

/// <summary>
/// The stream explorer in a fresh browser context, as a user drives it. It records every console
/// error, uncaught exception and CSP violation from the moment the page starts, so that each test
/// can end with <see cref="AssertNoErrorsAsync"/>.
/// </summary>
public sealed partial class ExplorerPage : IAsyncDisposable
{
    /// <summary>How long a page may take to show what a test waits for (live events come within 5 s).</summary>
    public const float WaitMs = 10_000;

    public static readonly BrowserNewContextOptions Desktop = new()
    {
        ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        TimezoneId = "UTC",
        Locale = "en-US",
    };

    /// <summary>Desktop, and the page may use the clipboard (the copy buttons' tests read it back).</summary>
    public static readonly BrowserNewContextOptions DesktopWithClipboard = new(Desktop) { Permissions = ["clipboard-read", "clipboard-write"] };

    public static readonly BrowserNewContextOptions Phone = new()
    {
        ViewportSize = new ViewportSize { Width = 390, Height = 844 },
        DeviceScaleFactor = 2,
        IsMobile = true,
        HasTouch = true,
        TimezoneId = "UTC",
        Locale = "en-US",
    };

    // Runs before the page's own scripts: CSP violations are events, not console errors.
    private const string CspRecorder = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__cspViolations.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
        });
        """;

    private readonly List<string> _errors = [];

    private ExplorerPage(IBrowserContext context, IPage page)
    {
        Context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                lock (_errors) _errors.Add($"console: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            lock (_errors) _errors.Add($"uncaught: {error}");
        };
    }

    public IBrowserContext Context { get; }

    public IPage Page { get; }

    public ILocator EventRows => Page.Locator("#events li.event");

    public ILocator Status => Page.Locator("#status");

    /// <summary>Opens /v2/ui/ (with an optional query) and waits until the stream list has loaded.</summary>
    public static async Task<ExplorerPage> OpenAsync(IBrowser browser, Uri service, string query = "", BrowserNewContextOptions? options = null)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions(options ?? Desktop) { BaseURL = service.ToString() });
        var page = await context.NewPageAsync();
        var explorer = new ExplorerPage(context, page);
        await page.AddInitScriptAsync(CspRecorder);
        await page.GotoAsync($"/v2/ui/{query}");
        await page.Locator("#stream-list input").First.WaitForAsync(new() { Timeout = WaitMs });
        return explorer;
    }

    public async Task PickAsync(params string[] streams)
    {
        foreach (var stream in streams)
        {
            await Page.Locator($"#stream-list input[value=\"{stream}\"]").CheckAsync();
        }
    }

    public Task StartAsync() => Page.GetByRole(AriaRole.Button, new() { Name = "Start", Exact = true }).ClickAsync();

    /// <summary>The events the page counted (all of them, shown or not).</summary>
    public async Task<int> ReceivedAsync() => int.Parse(await Page.Locator("#received").GetAttributeAsync("data-count") ?? "0");

    public Task WaitForReceivedAsync(int atLeast, float timeoutMs = WaitMs) =>
        Page.WaitForFunctionAsync("n => Number(document.querySelector('#received').dataset.count) >= n", atLeast, new() { Timeout = timeoutMs });

    /// <summary>Waits until the status line is in this state (js/status.js: connecting, live, failed, …).</summary>
    public Task WaitForStateAsync(string state) =>
        Page.WaitForFunctionAsync("s => document.querySelector('#status').dataset.state === s", state, new() { Timeout = WaitMs });

    public Task WaitForReconnectsAsync(int atLeast, float timeoutMs = WaitMs) =>
        Page.WaitForFunctionAsync(
            "n => { const s = document.querySelector('#status'); return s.dataset.state === 'live' && Number(s.dataset.reconnects) >= n; }",
            atLeast, new() { Timeout = timeoutMs });

    /// <summary>The row id (the page's own running number) of the newest row on screen, or -1.</summary>
    public Task<int> TopRowAsync() => Page.EvaluateAsync<int>("() => Number(document.querySelector('#events li')?.dataset.row ?? -1)");

    /// <summary>The "seq" field of every event row on screen, newest first, as the rows show it.</summary>
    public async Task<int[]> SequenceNumbersAsync()
    {
        var summaries = await Page.Locator("#events li.event .event-summary").AllTextContentsAsync();
        return [.. summaries.Select(s => SeqField().Match(s) is { Success: true } m ? int.Parse(m.Groups[1].Value) : throw new InvalidOperationException($"A row without seq: '{s}'"))];
    }

    /// <summary>Saves a PNG under the test's output (bin/…/TestResults/screenshots) and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = true)
    {
        var directory = Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, $"{name}.png");
        await Page.ScreenshotAsync(new() { Path = path, FullPage = fullPage });
        return path;
    }

    public async Task AssertNoErrorsAsync()
    {
        var violations = await Page.EvaluateAsync<string[]>("() => window.__cspViolations");
        Assert.Empty(violations);
        lock (_errors)
        {
            Assert.Empty(_errors);
        }
    }

    public async ValueTask DisposeAsync() => await Context.CloseAsync();

    [GeneratedRegex(@"\bseq: (\d+)")]
    private static partial Regex SeqField();
}
