using ConfidantBot.Tests.Infrastructure;
using Microsoft.Playwright;

namespace ConfidantBot.Tests.LocalChannel;

/// <summary>
/// Debian's headless Chromium driven by Playwright, with a fresh profile and no way to reach any
/// address but 127.0.0.1 (no DNS, no background or component traffic).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private const string ChromiumPath = "/usr/bin/chromium";

    private readonly IPlaywright _playwright;
    private readonly IBrowserContext _context;
    private readonly DirectoryInfo _profile;

    private BrowserSession(IPlaywright playwright, IBrowserContext context, DirectoryInfo profile, IPage page)
    {
        _playwright = playwright;
        _context = context;
        _profile = profile;
        Page = page;
    }

    public IPage Page { get; }

    public static async Task<BrowserSession> StartAsync(string locale = "nl-NL")
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException($"The browser tests need Debian's Chromium at {ChromiumPath}: apt-get install -y chromium.");
        }

        var playwright = await Playwright.CreateAsync();
        var profile = Directory.CreateTempSubdirectory("confidantbot-chromium-");
        var context = await playwright.Chromium.LaunchPersistentContextAsync(profile.FullName, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Locale = locale,
            ViewportSize = new ViewportSize { Width = 1000, Height = 900 },
            Args =
            [
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1",
            ],
        });
        // A bot turn can take many seconds on a busy CI machine; Playwright's 5 s default for expectations is too tight.
        // Waiting longer costs a passing test nothing: an expectation returns as soon as it holds.
        context.SetDefaultTimeout((float)Patience.Default.TotalMilliseconds);
        Microsoft.Playwright.Assertions.SetDefaultExpectTimeout((float)Patience.Default.TotalMilliseconds);
        var page = context.Pages.Count > 0 ? context.Pages[0] : await context.NewPageAsync();
        return new BrowserSession(playwright, context, profile, page);
    }

    /// <summary>Saves a screenshot of the page (or another tab) under <c>artifacts/screenshots/</c> at the repository root.</summary>
    public async Task<string> ScreenshotAsync(string name, IPage? page = null)
    {
        var folder = Path.Combine(RepositoryRoot(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, name + ".png");
        await (page ?? Page).ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await _context.DisposeAsync();
        _playwright.Dispose();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium may still hold a file for a moment; the temp folder is cleaned by the system.
        }
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "ConfidantBot.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("ConfidantBot.sln was not found above the test output folder.");
    }
}
