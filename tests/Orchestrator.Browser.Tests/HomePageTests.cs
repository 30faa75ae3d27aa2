using Microsoft.Playwright;

namespace Orchestrator.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserHost host)
{
    [Fact]
    public async Task The_home_page_shows_the_product_its_version_and_that_the_server_is_ready()
    {
        var page = await host.NewPageAsync();
        try
        {
            await page.GotoAsync("/");
            await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Orchestrator" })).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("readiness")).ToHaveTextAsync("Ready");
            await Assertions.Expect(page.GetByTestId("version")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+\.\d+\.\d+"));
            await Assertions.Expect(page.GetByTestId("provider")).ToHaveTextAsync("Sqlite");
            await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserHost.ArtifactsFolder, "home.png") });
        }
        finally
        {
            await page.CloseAsync();
        }
    }
}
