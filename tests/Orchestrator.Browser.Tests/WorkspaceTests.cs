using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

/// <summary>The agents' workspace: phone intake and the technician's day on a phone-sized screen.</summary>
[Collection(BrowserCollection.Name)]
public sealed class WorkspaceTests(BrowserHost host)
{
    private HttpClient Http => host.Api.Http;

    private DateOnly Today => DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime);

    private async Task<JsonObject> CreatedAsync(string path, object body) => await WorkflowApi.Ensure(await Http.PostAsJsonAsync(path, body));

    /// <summary>A product line served by a team in a region, with a customer there.</summary>
    private async Task<(string Line, string Region, string Model, Guid ModelId, string Technician, JsonObject Customer)> TerritoryAsync(string phone)
    {
        var line = WorkflowApi.Unique("line");
        var region = WorkflowApi.Unique("R");
        var model = await CreatedAsync("/api/product-models", new { modelCode = WorkflowApi.Unique("M"), name = "Split AC 3.5 kW", productLine = line, warrantyMonths = 12 });
        var team = await CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "浦东组", productLines = new[] { line }, regions = new[] { region } });
        var technician = WorkflowApi.Unique("E");
        await CreatedAsync("/api/technicians", new { code = technician, name = "王建国", teamId = team["id"]!.GetValue<Guid>() });
        var customer = await CreatedAsync("/api/customers", new
        {
            code = WorkflowApi.Unique("C"),
            name = WorkflowApi.Unique("李女士"),
            phone,
            region,
            addresses = new[] { new { label = "Home", line = "浦东新区世纪大道 100 号 1201", @default = true } },
        });
        return (line, region, model["modelCode"]!.GetValue<string>(), model["id"]!.GetValue<Guid>(), technician, customer);
    }

    private static string NewPhone() => "139" + Random.Shared.NextInt64(10_000_000, 99_999_999);

    [Fact]
    public async Task Phone_intake_shows_the_caller_and_the_return_remedy_before_the_request_is_opened() =>
        await host.RunAsync("intake", async page =>
        {
            var phone = NewPhone();
            var t = await TerritoryAsync(phone);
            var customerId = t.Customer["id"]!.GetValue<Guid>();
            var code = t.Customer["code"]!.GetValue<string>();
            var old = WorkflowApi.Unique("SN");
            var opened = await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/requests", new
            {
                type = "repair",
                customer = new { id = customerId },
                serialNumber = old,
                model = t.Model,
                saleDate = Today.AddDays(-100).ToString("yyyy-MM-dd"),
                symptom = "No cooling at all",
                priority = "high",
                channel = "phone",
            }));
            var fresh = WorkflowApi.Unique("SN").ToUpperInvariant();
            await CreatedAsync("/api/installed-products", new { serialNumber = fresh, customerId, modelId = t.ModelId, saleDate = Today.AddDays(-5).ToString("yyyy-MM-dd") });

            // the phone system opens the inbox with the caller's number
            await page.GotoAsync($"/inbox?phone={phone}");
            await Expect(page).ToHaveURLAsync(new Regex($"/intake\\?(phone|q)={phone}"));
            var card = page.GetByTestId($"customer-{code}");
            await Expect(card).ToContainTextAsync(t.Customer["name"]!.GetValue<string>());
            await Expect(page.GetByTestId($"open-requests-{code}")).ToContainTextAsync(opened["number"]!.GetValue<string>());
            await Expect(card).ToContainTextAsync(fresh);

            // a new request for the product sold 5 days ago: the Return remedy shows as soon as the serial is typed
            await page.GetByTestId($"new-request-{code}").ClickAsync();
            await Expect(page.GetByTestId("request-customer")).ToContainTextAsync(code);
            await page.GetByTestId("request-serial").FillAsync(fresh);
            await Expect(page.GetByTestId("warranty-remedy")).ToHaveTextAsync("Return (days 0–7)");
            var requests = await WorkflowApi.Ensure(await Http.GetAsync($"/api/service-requests?customerId={customerId}"));
            Assert.Equal(1, requests["total"]!.GetValue<int>()); // nothing was submitted yet
            await page.GetByTestId("request-symptom").FillAsync("The compressor rattles loudly after two days.");
            var problems = await page.AccessibilityProblemsAsync();
            await BrowserHost.ScreenshotAsync(page, "intake");

            await page.GetByTestId("open-request").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/requests/SR-"));
            await Expect(page.GetByTestId("request-number")).ToContainTextAsync("Request SR-");
            await Expect(page.GetByTestId("request-status")).ToBeVisibleAsync(); // Pending, or already Dispatched by its flow
            await Expect(page.GetByText("The compressor rattles loudly after two days.")).ToBeVisibleAsync();
            problems.AddRange(await page.AccessibilityProblemsAsync());

            await page.ChooseAsync("language", "简体中文");
            await page.GotoAsync($"/intake?q={phone}");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "来电受理" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId($"open-requests-{code}")).ToContainTextAsync(opened["number"]!.GetValue<string>());
            await Expect(page.GetByTestId($"open-requests-{code}")).ToContainTextAsync("保内维修");
            await page.ChooseAsync("language", "English");
            Ui.AssertAccessible(problems);
        });

    [Fact]
    public async Task The_technician_reports_a_visit_with_two_parts_from_the_van_and_a_signature_on_a_phone() =>
        await host.RunAsync("my-day", async page =>
        {
            var t = await TerritoryAsync(NewPhone());
            var warehouse = WorkflowApi.Unique("W");
            await CreatedAsync("/api/warehouses", new { code = warehouse, name = "Central", region = t.Region });
            var parts = new List<string>();
            foreach (var (name, price) in new[] { ("Drain pump", 120m), ("Filter", 15.50m) })
            {
                var number = WorkflowApi.Unique("P");
                await CreatedAsync("/api/parts", new { partNumber = number, name, productLine = t.Line, unitPrice = price });
                await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/parts/movements", new { kind = "Receive", partNumber = number, quantity = 10, warehouse }));
                await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/parts/movements",
                    new { kind = "IssueToTechnician", partNumber = number, quantity = 3, warehouse, technician = t.Technician }));
                parts.Add(number);
            }
            var opened = await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/requests", new
            {
                type = "installation",
                customer = new { id = t.Customer["id"]!.GetValue<Guid>() },
                serialNumber = WorkflowApi.Unique("SN"),
                model = t.Model,
                priority = "normal",
                channel = "phone",
            }));
            var requestId = opened["requestId"]!.GetValue<Guid>();
            JsonObject? visit = null;
            await Eventually.True(async () =>
            {
                var page1 = await WorkflowApi.Ensure(await Http.GetAsync($"/api/field-tasks?serviceRequestId={requestId}&status=Scheduled"));
                visit = page1["items"]!.AsArray().FirstOrDefault() as JsonObject;
                return visit is not null;
            });
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(visit!["appointmentStart"]!.GetValue<DateTimeOffset>(),
                TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")).DateTime);
            var username = WorkflowApi.Unique("tech").ToLowerInvariant();
            await CreatedAsync("/api/users", new
            {
                username,
                displayName = "王建国",
                password = $"password-of-{username}",
                roles = new[] { "Technician" },
                technicianCode = t.Technician,
            });

            try
            {
                await host.Browser.ClearCookiesAsync();
                var login = await host.Browser.APIRequest.PostAsync(new Uri(host.BaseAddress, "/api/auth/login").ToString(),
                    new() { DataObject = new { username, password = $"password-of-{username}" } });
                Assert.True(login.Ok, await login.TextAsync());
                await page.SetViewportSizeAsync(390, 844);
                await page.GotoAsync($"/my-day?date={day:yyyy-MM-dd}");
                var card = page.GetByTestId($"visit-{opened["number"]!.GetValue<string>()}");
                await Expect(card).ToContainTextAsync("浦东新区世纪大道 100 号 1201");
                // the SLA's on-site due time, in the technician's time zone
                var due = TimeZoneInfo.ConvertTime(visit["dueAt"]!.GetValue<DateTimeOffset>(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
                await Expect(card.GetByTestId("visit-due")).ToContainTextAsync(due.Year.ToString());
                await Expect(card.GetByTestId("visit-due")).ToContainTextAsync($":{due.Minute:00}");
                await Expect(page.GetByTestId($"van-{parts[0]}")).ToContainTextAsync("3");
                var problems = await page.AccessibilityProblemsAsync();

                await card.GetByTestId("arrive").ClickAsync();
                await Expect(card.GetByTestId("visit-status")).ToHaveTextAsync("On site");
                var box = await card.GetByTestId("report").BoundingBoxAsync();
                Assert.True(box!.Height >= 44, $"the report button is {box.Height} px high; touch targets are at least 44");
                await card.GetByTestId("report").ClickAsync();

                await page.GetByTestId("report-work").FillAsync("Installed, vacuumed the lines, tested for an hour.");
                await page.GetByTestId("add-part").ClickAsync();
                await page.ChooseAsync("part-0", parts[0]);
                await page.GetByTestId("add-part").ClickAsync();
                await page.ChooseAsync("part-1", parts[1]);
                await page.GetByTestId("quantity-1").FillAsync("2");
                await page.GetByTestId("report-signed-by").FillAsync("李女士");
                await page.GetByTestId("signature-pad").ScrollIntoViewIfNeededAsync();
                var pad = await page.GetByTestId("signature-pad").BoundingBoxAsync();
                await page.Mouse.MoveAsync(pad!.X + 30, pad.Y + 100);
                await page.Mouse.DownAsync();
                await page.Mouse.MoveAsync(pad.X + 120, pad.Y + 40, new() { Steps = 6 });
                await page.Mouse.MoveAsync(pad.X + 220, pad.Y + 120, new() { Steps = 6 });
                await page.Mouse.UpAsync();
                problems.AddRange(await page.AccessibilityProblemsAsync());
                await BrowserHost.ScreenshotAsync(page, "my-day-report");
                await page.GetByTestId("send-report").ClickAsync();

                await Expect(card.GetByTestId("visit-status")).ToHaveTextAsync("Completed");
                await Expect(page.GetByTestId($"van-{parts[0]}")).ToContainTextAsync("2");
                await Expect(page.GetByTestId($"van-{parts[1]}")).ToContainTextAsync("1");
                await page.ChooseAsync("language", "简体中文");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "我的一天" })).ToBeVisibleAsync();
                await Expect(card.GetByTestId("visit-status")).ToHaveTextAsync("已完成");
                await page.ChooseAsync("language", "English");
                Ui.AssertAccessible(problems);
            }
            finally
            {
                await host.SignInAsync();
            }

            // the request's costs went up by the parts' list price (120 + 2 × 15.50), once
            await Eventually.True(async () =>
                (await WorkflowApi.Ensure(await Http.GetAsync($"/api/requests/{requestId}")))["costs"]!["parts"]!.GetValue<decimal>() == 151.00m);
            var attachments = JsonNode.Parse(await Http.GetStringAsync($"/api/field-tasks/{visit["id"]}/attachments"))!.AsArray();
            Assert.Equal("Signature", attachments.Single()!["kind"]!.GetValue<string>());
        });
}
