using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Lodestar.Browser.Tests.Common;

/// <summary>Lodestar on a real Kestrel port with a fresh data directory, the demo province and a known admin password.</summary>
public sealed class LodestarServer(string dataDirectory) : WebApplicationFactory<Program>
{
    public const string AdminPassword = "Quan-Tri-Trinh-Duyet-2026";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("LODESTAR_DATA_DIR", dataDirectory);
        builder.UseSetting("LODESTAR_ADMIN_PASSWORD", AdminPassword);
        builder.UseSetting("LODESTAR_DEMO", "true");
        builder.UseSetting("LODESTAR_PUBLIC_RATE_LIMIT", "0");
        builder.UseSetting("LODESTAR_CONNECTOR_LOCAL", "true"); // the connector journey's source listens on loopback
        builder.UsePinnedClock(Clock);
    }

    /// <summary>The app's clock: the fixed test date (TestTime), running on from there.</summary>
    public PinnedClock Clock { get; } = TestTime.NewClock();
}

/// <summary>
/// The app on a free loopback port and one headless Debian Chromium for all browser tests. A missing
/// Chromium fails every test (it is never downloaded: `playwright install` cannot run here).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime, IAsyncDisposable
{
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private readonly string _dataDir = Path.Combine(Path.GetTempPath(), "lodestar-browser-tests-" + Guid.NewGuid().ToString("N"));
    private LodestarServer? _server;
    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public string BaseUrl { get; private set; } = string.Empty;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser did not start.");

    /// <summary>The running app's services, for arranging accounts and running jobs as an operator would.</summary>
    public IServiceProvider Services => _server?.Services ?? throw new InvalidOperationException("The server did not start.");

    /// <summary>The app's clock (the fixed test date): what "today" means on its pages.</summary>
    public TimeProvider Clock => _server?.Clock ?? throw new InvalidOperationException("The server did not start.");

    /// <summary>Where screenshots go: LODESTAR_TEST_ARTIFACTS, else artifacts/screenshots under the current directory.</summary>
    public static string ArtifactsDirectory =>
        Environment.GetEnvironmentVariable("LODESTAR_TEST_ARTIFACTS") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Directory.GetCurrentDirectory(), "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        var chromium = Environment.GetEnvironmentVariable("LODESTAR_TEST_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(chromium))
        {
            throw new InvalidOperationException(
                $"Chromium is not at {chromium}. Install Debian's chromium package (apt-get install chromium) or set LODESTAR_TEST_CHROMIUM; browser tests never download a browser.");
        }

        _server = new LodestarServer(_dataDir);
        _server.UseKestrel(0);
        _server.StartServer();
        var addresses = _server.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
        BaseUrl = addresses.First().TrimEnd('/');

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = chromium,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh browser context (its own cookies) at the desktop size the screenshots use.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            Locale = "vi-VN",
            AcceptDownloads = true,
            ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        // Generous: CI shares two cores between the app, Chromium and the test host; one click once waited over 15 s.
        context.SetDefaultTimeout(45_000);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A phone (390 × 844) whose storage lives in <paramref name="profileDirectory"/>: closing it and opening the same
    /// directory again is a phone put away and taken out — the service worker, its kept pages and IndexedDB stay.
    /// </summary>
    public async Task<IBrowserContext> OpenPhoneAsync(string profileDirectory)
    {
        var context = await (_playwright ?? throw new InvalidOperationException("Playwright did not start.")).Chromium.LaunchPersistentContextAsync(profileDirectory, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = Environment.GetEnvironmentVariable("LODESTAR_TEST_CHROMIUM") ?? "/usr/bin/chromium",
            Headless = true,
            Args = ChromiumArgs,
            BaseURL = BaseUrl,
            Locale = "vi-VN",
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            IsMobile = true,
            HasTouch = true,
        });
        context.SetDefaultTimeout(45_000);
        return context;
    }

    ValueTask IAsyncDisposable.DisposeAsync() => new(DisposeAsync());

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
            _browser = null;
        }

        _playwright?.Dispose();
        _playwright = null;
        if (_server is not null)
        {
            await _server.DisposeAsync();
            _server = null;
        }

        if (Directory.Exists(_dataDir))
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(_dataDir, recursive: true);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class SharedBrowser : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
