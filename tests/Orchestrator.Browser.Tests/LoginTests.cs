using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

/// <summary>The login page, and what a session that ends does to the page one is on. Each test leaves the context signed in.</summary>
[Collection(BrowserCollection.Name)]
public sealed class LoginTests(BrowserHost host)
{
    [Fact]
    public async Task Signing_in_from_the_login_page_returns_to_the_page_asked_for() =>
        await host.RunAsync("login", async page =>
        {
            try
            {
                await host.Browser.ClearCookiesAsync();
                await page.GotoAsync("/designer");
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\?returnUrl=%2Fdesigner$"));

                await page.ChooseAsync("login-language", "简体中文");
                await Expect(page.GetByLabel("用户名")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("login-submit")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^登\s?录$"));
                await page.ChooseAsync("login-language", "English");
                Ui.AssertAccessible(await page.AccessibilityProblemsAsync());

                await page.GetByLabel("Username").FillAsync("admin");
                await page.GetByLabel("Password").FillAsync("not-the-password");
                await page.GetByTestId("login-submit").ClickAsync();
                await Expect(page.GetByTestId("login-error")).ToHaveTextAsync("The username or password is wrong.");

                await page.GetByLabel("Password").FillAsync(OrchestratorFactory.AdminPassword);
                await page.Keyboard.PressAsync("Enter");
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/designer$"));
                await Expect(page.GetByTestId("user-name")).ToHaveTextAsync("Administrator");
                await BrowserHost.ScreenshotAsync(page, "signed-in");
            }
            finally
            {
                await host.SignInAsync();
            }
        });

    [Fact]
    public async Task An_expired_session_goes_back_to_login_and_returns_to_the_same_page() =>
        await host.RunAsync("session-expired", async page =>
        {
            try
            {
                var id = WorkflowApi.Unique("expiry");
                await host.Api.PublishAsync(Ui.Repair(id));
                await page.GotoAsync($"/instances?definitionId={id}");
                await Expect(page.GetByTestId("user-name")).ToBeVisibleAsync();

                // the session ends under the page: its next API call (the list refreshes itself) answers 401
                await host.Browser.ClearCookiesAsync();
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex(@"/login\?returnUrl=%2Finstances%3FdefinitionId%3D"),
                    new() { Timeout = 20_000 });
                await page.GetByLabel("Username").FillAsync("admin");
                await page.GetByLabel("Password").FillAsync(OrchestratorFactory.AdminPassword);
                await page.GetByTestId("login-submit").ClickAsync();
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"/instances\\?definitionId={id}$"));

                // signing out leaves the app for the login page
                await page.GetByTestId("logout").ClickAsync();
                await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/login"));
            }
            finally
            {
                await host.SignInAsync();
            }
        });
}
