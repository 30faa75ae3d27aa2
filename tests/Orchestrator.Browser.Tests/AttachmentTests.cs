using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

/// <summary>A request's attachments on its page: the technician's signature from the visit report, and a file an agent attaches.</summary>
[Collection(BrowserCollection.Name)]
public sealed class AttachmentTests(BrowserHost host)
{
    private HttpClient Http => host.Api.Http;

    private const string Signature = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";

    private async Task<JsonObject> CreatedAsync(string path, object body) => await WorkflowApi.Ensure(await Http.PostAsJsonAsync(path, body));

    /// <summary>An installation whose visit was reported with the customer's signature; returns the request's number.</summary>
    private async Task<string> ReportedInstallationAsync()
    {
        var line = WorkflowApi.Unique("line");
        var region = WorkflowApi.Unique("R");
        var model = await CreatedAsync("/api/product-models", new { modelCode = WorkflowApi.Unique("M"), name = "Split AC 3.5 kW", productLine = line, warrantyMonths = 12 });
        var team = await CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "浦东组", productLines = new[] { line }, regions = new[] { region } });
        await CreatedAsync("/api/technicians", new { code = WorkflowApi.Unique("E"), name = "王建国", teamId = team["id"]!.GetValue<Guid>() });
        var customer = await CreatedAsync("/api/customers", new { code = WorkflowApi.Unique("C"), name = WorkflowApi.Unique("李女士"), region });
        var opened = await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/requests", new
        {
            type = "installation",
            customer = new { id = customer["id"]!.GetValue<Guid>() },
            serialNumber = WorkflowApi.Unique("SN"),
            model = model["modelCode"]!.GetValue<string>(),
        }));
        var requestId = opened["requestId"]!.GetValue<Guid>();
        JsonObject? visit = null;
        await Eventually.True(async () =>
        {
            var page = await WorkflowApi.Ensure(await Http.GetAsync($"/api/field-tasks?serviceRequestId={requestId}&status=Scheduled"));
            visit = page["items"]!.AsArray().FirstOrDefault() as JsonObject;
            return visit is not null;
        });
        await WorkflowApi.Ensure(await Http.PostAsJsonAsync($"/api/field-tasks/{visit!["id"]}/report", new
        {
            outcome = "Completed",
            workDone = "Installed.",
            hours = 1,
            signedBy = "李女士",
            signature = Signature,
        }));
        return opened["number"]!.GetValue<string>();
    }

    [Fact]
    public async Task An_agent_attaches_a_photo_to_a_request_beside_the_technicians_signature() =>
        await host.RunAsync("attachments", async _ =>
        {
            var number = await ReportedInstallationAsync();
            var agent = WorkflowApi.Unique("zhao").ToLowerInvariant();
            var password = $"pw-{agent}-{Guid.NewGuid():N}";
            await CreatedAsync("/api/users", new { username = agent, displayName = $"赵 {agent}", password, roles = new[] { "Agent" } });
            var context = await host.NewUserContextAsync(agent, password);
            try
            {
                var page = await context.NewPageAsync();
                await page.GotoAsync($"/requests/{number}");
                var section = page.GetByTestId("attachments");
                var signature = section.Locator("[data-testid=attachment][data-kind=Signature]");
                await Expect(signature).ToContainTextAsync("signature.png");
                await Expect(signature).ToContainTextAsync("Customer signature");

                // the agent attaches a photo the customer emailed: its thumbnail shows, with who attached it
                var photo = Convert.FromBase64String(Signature["data:image/png;base64,".Length..]);
                await page.GetByTestId("attachment-input").SetInputFilesAsync(new FilePayload { Name = "漏水照片.png", MimeType = "image/png", Buffer = photo });
                var attached = section.Locator("[data-testid=attachment][data-kind=File]");
                await Expect(attached).ToContainTextAsync("漏水照片.png");
                await Expect(attached).ToContainTextAsync($"赵 {agent}");
                await Expect(attached.Locator("img")).ToHaveJSPropertyAsync("naturalWidth", 1);

                // a file that is not an image or PDF is named, not sent
                await page.GetByTestId("attachment-input").SetInputFilesAsync(new FilePayload { Name = "notes.html", MimeType = "text/html", Buffer = "<p>x</p>"u8.ToArray() });
                await Expect(page.GetByTestId("attachment-error")).ToContainTextAsync("notes.html");

                // from the keyboard: the thumbnail opens large, Escape closes it
                await attached.GetByRole(AriaRole.Button).FocusAsync();
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.GetByTestId("attachment-large")).ToBeVisibleAsync();
                // the dialog zooms in half transparent: its contrast is its own once it is fully shown
                await Expect(page.Locator(".ant-modal").Filter(new() { Has = page.GetByTestId("attachment-large") })).ToHaveCSSAsync("opacity", "1");
                var problems = await page.AccessibilityProblemsAsync("request attachments (large)");
                await page.Keyboard.PressAsync("Escape");
                await Expect(page.GetByTestId("attachment-large")).ToHaveCountAsync(0);
                problems.AddRange(await page.AccessibilityProblemsAsync("request attachments"));
                await BrowserHost.ScreenshotAsync(page, "request-attachments");

                await page.ChooseAsync("language", "简体中文");
                await Expect(section.GetByRole(AriaRole.Heading, new() { Name = "附件" })).ToBeVisibleAsync();
                await Expect(signature).ToContainTextAsync("客户签字");
                await page.ChooseAsync("language", "English");
                Ui.AssertAccessible(problems);

                var list = JsonNode.Parse(await Http.GetStringAsync($"/api/requests/{number}/attachments"))!.AsArray();
                Assert.Equal(["Signature", "File"], list.Select(a => a!["kind"]!.GetValue<string>()));
                Assert.Equal(agent, list[1]!["createdBy"]!.GetValue<string>());
            }
            finally
            {
                await context.CloseAsync();
            }
        });
}
