using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.EngineHost.Features.Identity;
using Orchestrator.EngineHost.Persistence;

namespace Orchestrator.Browser.Tests;

/// <summary>
/// One real host (Kestrel on a free loopback port, SQLite file) and one Debian Chromium for
/// every browser test, signed in as the admin once for the whole browser context. The browser never downloads anything: it is /usr/bin/chromium, started
/// with the flags the closed network needs. If it cannot start, the tests fail.
/// </summary>
public sealed class BrowserHost : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    /// <summary>The demo users' password (<c>Samples:DemoPassword</c>) on this host.</summary>
    public const string DemoPassword = "demo-password";
    private readonly string _profile = Directory.CreateTempSubdirectory("orchestrator-chromium-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _others;
    private readonly SemaphoreSlim _othersLock = new(1, 1);

    public TestDatabase Database { get; } = new SqliteTestDatabase();

    /// <summary>Holds an SLA job until it is cancelled (<see cref="SlaJobHold"/>).</summary>
    public SlaJobHold SlaJobs { get; } = new();

    public OrchestratorFactory Factory { get; private set; } = null!;
    public IBrowserContext Browser { get; private set; } = null!;
    public Uri BaseAddress { get; private set; } = null!;

    public static string ArtifactsFolder { get; } =
        Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts")).FullName;

    public async Task InitializeAsync()
    {
        Factory = new OrchestratorFactory(Database, new Dictionary<string, string?> { [DemoUsers.PasswordKey] = DemoPassword },
            services: s =>
            {
                TestActivities.Register(s);
                SlaJobHold.Register(s, SlaJobs);
            });
        Factory.UseKestrel(0);
        Factory.StartServer();
        // the sample data's people (analyst1, agent1, …) without the rest of the samples
        await using (var scope = Factory.Services.CreateAsyncScope())
            await DemoUsers.EnsureAsync(scope.ServiceProvider, scope.ServiceProvider.GetRequiredService<OrchestratorDbContext>(), default);
        BaseAddress = Factory.ClientOptions.BaseAddress;
        var http = new HttpClient { BaseAddress = BaseAddress };
        http.DefaultRequestHeaders.Authorization = new("Bearer", OrchestratorFactory.AdminApiKey);
        Api = new WorkflowApi(http, Factory);

        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: ./test.sh installs Debian's chromium package.");
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchPersistentContextAsync(_profile, new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
            BaseURL = BaseAddress.ToString(),
            ViewportSize = new() { Width = 1280, Height = 800 },
        });
        await SignInAsync();
    }

    /// <summary>Signs the browser context out, then in through the login page as this user (a demo user: <see cref="DemoPassword"/>).
    /// A test that does this signs the admin back in with <see cref="SignInAsync"/> when it ends.</summary>
    public async Task SignInThroughTheLoginPageAsync(IPage page, string username, string displayName)
    {
        await Browser.ClearCookiesAsync();
        await page.GotoAsync("/designer");
        await page.GetByLabel("Username").FillAsync(username);
        await page.GetByLabel("Password").FillAsync(DemoPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await Microsoft.Playwright.Assertions.Expect(page.GetByTestId("user-name")).ToHaveTextAsync(displayName);
    }

    /// <summary>Signs the browser context in as the admin (its cookie jar keeps the session for every page).</summary>
    public async Task SignInAsync()
    {
        var login = await Browser.APIRequest.PostAsync(new Uri(BaseAddress, "/api/auth/login").ToString(), new()
        {
            DataObject = new { username = "admin", password = OrchestratorFactory.AdminPassword },
        });
        if (!login.Ok)
            throw new InvalidOperationException($"The browser could not sign in: {login.Status} {await login.TextAsync()}");
    }

    public WorkflowApi Api { get; private set; } = null!;

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    /// <summary>
    /// A second person at another screen: a fresh browser context (its own cookies and storage, English) signed in as
    /// this user, on a second Chromium started the first time a test asks. The test closes the context.
    /// </summary>
    public async Task<IBrowserContext> NewUserContextAsync(string username, string password)
    {
        await _othersLock.WaitAsync();
        try
        {
            _others ??= await _playwright!.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
        }
        finally
        {
            _othersLock.Release();
        }
        var context = await _others.NewContextAsync(new() { BaseURL = BaseAddress.ToString(), ViewportSize = new() { Width = 1280, Height = 800 } });
        context.SetDefaultTimeout(15_000);
        await context.AddInitScriptAsync("if (!localStorage.getItem('orchestrator.language')) localStorage.setItem('orchestrator.language', 'en');");
        var login = await context.APIRequest.PostAsync(new Uri(BaseAddress, "/api/auth/login").ToString(), new()
        {
            DataObject = new { username, password },
        });
        if (!login.Ok)
        {
            await context.CloseAsync();
            throw new InvalidOperationException($"{username} could not sign in: {login.Status} {await login.TextAsync()}");
        }
        return context;
    }

    public async Task<IPage> NewPageAsync() => await Browser.NewPageAsync();

    /// <summary>
    /// A fresh page in English (the language switch is remembered in localStorage, which the shared
    /// profile keeps); on failure a full-page screenshot is saved as artifacts/&lt;name&gt;-failure.png.
    /// </summary>
    public async Task RunAsync(string name, Func<IPage, Task> test)
    {
        var page = await Browser.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        // what a step of the engine shows (a run waiting, a task appearing) may take a few seconds on a loaded 2-core machine
        Assertions.SetDefaultExpectTimeout(15_000);
        await page.AddInitScriptAsync("if (!sessionStorage.getItem('lang-set')) { localStorage.setItem('orchestrator.language', 'en'); sessionStorage.setItem('lang-set', '1'); }");
        try
        {
            await test(page);
        }
        catch
        {
            try { await page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder, $"{name}-failure.png"), FullPage = true }); }
            catch (PlaywrightException) { }
            throw;
        }
        finally
        {
            await page.CloseAsync();
        }
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new() { Path = Path.Combine(ArtifactsFolder, $"{name}.png") });

    public async Task DisposeAsync()
    {
        Api.Http.Dispose();
        await Browser.DisposeAsync();
        if (_others is not null)
            await _others.DisposeAsync();
        _playwright?.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        try { Directory.Delete(_profile, recursive: true); } catch (IOException) { }
    }
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserHost>
{
    public const string Name = "browser";
}
