using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

/// <summary>The SLA screens at /admin/sla: an admin edits a draft, imports holidays, tries it, previews its impact, publishes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class SlaScreensTests(BrowserHost host)
{
    private const string Ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nUID:gd-1@test\r\nDTSTART;VALUE=DATE:20271008\r\n"
        + "SUMMARY:Regional day off\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";

    private HttpClient Http => host.Api.Http;

    private async Task<JsonObject> RequestAsync()
    {
        var code = WorkflowApi.Unique("C");
        var customer = await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/customers",
            new { code, name = $"Customer {code}", tier = "Standard", region = "Shanghai", phone = "13800000000" }));
        return await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/service-requests",
            new { type = "InWarrantyRepair", customerId = customer["id"]!.GetValue<Guid>(), symptom = "No cooling." }));
    }

    /// <summary>A time to the millisecond (the database keeps milliseconds or microseconds; an answer before saving keeps ticks).</summary>
    private static DateTimeOffset Ms(JsonNode? node)
    {
        var at = node!.GetValue<DateTimeOffset>();
        return new DateTimeOffset(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerMillisecond), TimeSpan.Zero);
    }

    [Fact]
    public async Task An_admin_edits_a_draft_with_a_lunch_break_and_an_imported_holiday_previews_it_and_publishes_it() =>
        await host.RunAsync("sla-publish", async page =>
        {
            var before = await RequestAsync();
            await page.GotoAsync("/admin/sla");
            await page.GetByTestId("sla-open-default").ClickAsync();
            var start = page.GetByTestId("sla-start-draft");
            var save = page.GetByTestId("sla-save");
            await Expect(start.Or(save)).ToBeVisibleAsync();
            if (await start.IsVisibleAsync())
            {
                await start.ClickAsync();
                await Expect(save).ToBeVisibleAsync();
            }

            // the server's validation shows on the page
            await page.GetByTestId("sla-timezone").FillAsync("Mars/Olympus");
            await save.ClickAsync();
            await Expect(page.GetByTestId("sla-invalid")).ToBeVisibleAsync();
            await Expect(page.GetByText("calendar.timeZone").Or(page.GetByText("timeZone")).First).ToBeVisibleAsync();
            await page.GetByTestId("sla-timezone").FillAsync("Asia/Shanghai");

            // a lunch break is two intervals; a wrong one is refused on the field
            await page.GetByTestId("sla-hours-weekdays").FillAsync("08:30-12:00, 11:00-17:30");
            await Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "11:00-17:30" })).ToBeVisibleAsync();
            await page.GetByTestId("sla-hours-weekdays").FillAsync("08:30-12:00, 13:00-17:30");

            await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload
            {
                Name = "holidays.ics",
                MimeType = "text/calendar",
                Buffer = Encoding.UTF8.GetBytes(Ics),
            });
            await Expect(page.GetByTestId("sla-holidays")).ToContainTextAsync("2027-10-08");
            await save.ClickAsync();
            await Expect(page.GetByTestId("sla-invalid")).ToBeHiddenAsync();
            await Expect(save).ToBeDisabledAsync();
            await BrowserHost.ScreenshotAsync(page, "sla-draft");

            await page.GetByRole(AriaRole.Tab, new() { Name = "Try it" }).ClickAsync();
            await page.GetByTestId("sla-try-run").ClickAsync();
            await Expect(page.GetByTestId("sla-try-rule")).ToHaveTextAsync("default");
            await Expect(page.GetByTestId("sla-counted-FirstResponse")).ToContainTextAsync("30 min");
            await BrowserHost.ScreenshotAsync(page, "sla-try");

            // a preview held running (SlaJobHold) is cancelled from the page, which says so and offers to run it again
            await page.GetByRole(AriaRole.Tab, new() { Name = "Impact preview" }).ClickAsync();
            host.SlaJobs.Arm();
            string cancelledJob;
            try
            {
                await page.GetByTestId("sla-impact-run").ClickAsync();
                await host.SlaJobs.Held.Task.WaitAsync(TimeSpan.FromSeconds(30));
                var cancel = await page.RunAndWaitForResponseAsync(() => page.GetByTestId("sla-impact-cancel").ClickAsync(),
                    r => r.Url.EndsWith("/cancel", StringComparison.Ordinal));
                Assert.Equal(200, cancel.Status);
                cancelledJob = (await cancel.JsonAsync())!.Value.GetProperty("id").GetString()!;
                await Expect(page.GetByTestId("sla-impact-cancelled")).ToContainTextAsync("The preview was cancelled");
                await Expect(page.GetByTestId("sla-impact-cancel")).ToHaveCountAsync(0);
                await BrowserHost.ScreenshotAsync(page, "sla-impact-cancelled");
            }
            finally
            {
                host.SlaJobs.Release();
            }
            // the job stopped: cancelled for good (checked through the API), and the runner is free for the next one
            Assert.Equal("Cancelled", (await WorkflowApi.Ensure(await Http.GetAsync($"/api/sla-jobs/{cancelledJob}")))["status"]!.GetValue<string>());
            await page.GetByTestId("sla-impact-again").ClickAsync();
            await Expect(page.GetByTestId("sla-impact-result")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sla-impact-cancelled")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("sla-impact-chart").Locator("svg")).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "sla-impact");

            await page.GetByTestId("sla-publish").ClickAsync();
            await page.GetByTestId("sla-publish-comment").FillAsync("Lunch break from 12:00; the regional day off");
            await page.GetByTestId("sla-publish-ok").ClickAsync();
            await Expect(page.GetByTestId("sla-start-draft")).ToBeVisibleAsync();

            // checked through the API: the request opened before keeps its version and due times, a new one runs under the new version
            var published = await WorkflowApi.Ensure(await Http.GetAsync("/api/sla-policies/default"));
            var version = published["version"]!.GetValue<int>();
            Assert.Equal("Lunch break from 12:00; the regional day off", published["comment"]!.GetValue<string>());
            Assert.Contains("2027-10-08", published["document"]!["calendar"]!["holidays"]!.AsArray().Select(d => d!.GetValue<string>()));
            var after = await RequestAsync();
            Assert.Equal(version, after["slaPolicyVersion"]!.GetValue<int>());
            var beforeNow = await WorkflowApi.Ensure(await Http.GetAsync($"/api/service-requests/{before["id"]}"));
            Assert.True(beforeNow["slaPolicyVersion"]!.GetValue<int>() < version);
            Assert.Equal(Ms(before["firstResponseDue"]), Ms(beforeNow["firstResponseDue"]));

            // the new request's clock explanation adds up to its due time
            var sla = await WorkflowApi.Ensure(await Http.GetAsync($"/api/service-requests/{after["number"]}/sla"));
            var first = sla["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == "FirstResponse")!;
            var segments = first["explanation"]!.AsArray();
            Assert.Equal(first["targetMinutes"]!.GetValue<int>(), segments.Sum(s => s!["countedMinutes"]!.GetValue<double>()), 3);
            Assert.Equal(Ms(first["due"]), Ms(segments[^1]!["to"]));
            Assert.Equal(Ms(after["firstResponseDue"]), Ms(first["due"]));

            // applying the new version to the requests opened before is a separate action: previewed, then confirmed with its count
            await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
            await page.GetByTestId($"sla-apply-{version}").ClickAsync();
            await Expect(page.GetByTestId("sla-apply-preview")).ToBeVisibleAsync();
            var preview = await WorkflowApi.Ensure(await Http.GetAsync($"/api/sla-policies/default/versions/{version}/apply"));
            var count = preview["requests"]!.GetValue<int>();
            Assert.True(count >= 1, preview.ToJsonString());
            await Expect(page.GetByTestId("sla-apply-ok")).ToHaveTextAsync($"Apply to {count} request(s)");
            await BrowserHost.ScreenshotAsync(page, "sla-apply-preview");
            await page.GetByTestId("sla-apply-ok").ClickAsync();
            await Expect(page.GetByTestId("sla-apply-done")).ToContainTextAsync($"{count} request(s) now run under version {version}");
            await BrowserHost.ScreenshotAsync(page, "sla-apply-done");
            var moved = await WorkflowApi.Ensure(await Http.GetAsync($"/api/service-requests/{before["id"]}"));
            Assert.Equal(version, moved["slaPolicyVersion"]!.GetValue<int>());
            var trail = await WorkflowApi.Ensure(await Http.GetAsync("/api/audit?entity=sla-policies&id=default&pageSize=500"));
            Assert.Contains("appliedVersion", trail.ToJsonString(), StringComparison.Ordinal);
        });

    [Fact]
    public async Task An_admin_drags_a_rule_above_another_and_the_saved_draft_has_that_precedence() =>
        await host.RunAsync("sla-drag", async page =>
        {
            // a draft where an urgent repair matches two rules: by priority first, by type second
            var policyId = WorkflowApi.Unique("drag").ToLowerInvariant();
            await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/sla-policies", new
            {
                policyId,
                name = "Drag " + policyId,
                document = new
                {
                    calendar = new { name = "Standard", timeZone = "Asia/Shanghai", hours = new { weekdays = new[] { "09:00-18:00" } } },
                    rules = new object[]
                    {
                        new { id = "by-priority", match = new { priorities = new[] { "Urgent" } }, targets = new { firstResponse = new { minutes = 30 } } },
                        new { id = "by-type", match = new { requestTypes = new[] { "InWarrantyRepair" } }, targets = new { firstResponse = new { minutes = 90 } } },
                        new { id = "internal", match = new { customerTiers = new[] { "Internal" } }, noSla = true },
                    },
                    defaultTargets = new { firstResponse = new { minutes = 120 } },
                },
            }));
            async Task<string> RuleOfAnUrgentRepairAsync() =>
                (await WorkflowApi.Ensure(await Http.PostAsJsonAsync($"/api/sla-policies/{policyId}/try",
                    new { requestType = "InWarrantyRepair", priority = "Urgent" })))["ruleId"]!.GetValue<string>();
            Assert.Equal("by-priority", await RuleOfAnUrgentRepairAsync());

            await page.GotoAsync($"/admin/sla/{policyId}");
            var rows = page.GetByTestId("sla-rules").Locator("tbody tr");
            await Expect(rows).ToHaveCountAsync(3);
            await Expect(rows.Nth(0)).ToContainTextAsync("by-priority");

            // a real drag with the mouse: the handle of "by-type" pressed, moved up past the first row in steps, released
            var handle = page.GetByRole(AriaRole.Button, new() { Name = "Drag by-type to another place" });
            var from = (await handle.BoundingBoxAsync())!;
            var first = (await rows.Nth(0).BoundingBoxAsync())!;
            await page.Mouse.MoveAsync(from.X + (from.Width / 2), from.Y + (from.Height / 2));
            await page.Mouse.DownAsync();
            await page.Mouse.MoveAsync(from.X + (from.Width / 2), from.Y + (from.Height / 2) - 10, new() { Steps = 3 });
            await page.Mouse.MoveAsync(from.X + (from.Width / 2), first.Y + (first.Height / 4), new() { Steps = 12 });
            await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-dragging", "true");
            await BrowserHost.ScreenshotAsync(page, "sla-drag-moving");
            await page.Mouse.UpAsync();
            await Expect(rows.Nth(0)).ToContainTextAsync("by-type");
            await Expect(rows.Nth(1)).ToContainTextAsync("by-priority");
            await Expect(rows.Nth(2)).ToContainTextAsync("internal");
            Ui.AssertAccessible(await page.AccessibilityProblemsAsync($"/admin/sla/{policyId} (dragged)"));

            // the order shown is the order saved: the type rule now decides for an urgent repair
            await page.GetByTestId("sla-save").ClickAsync();
            await Expect(page.GetByTestId("sla-save")).ToBeDisabledAsync();
            var draft = await WorkflowApi.Ensure(await Http.GetAsync($"/api/sla-policies/{policyId}"));
            Assert.Equal(["by-type", "by-priority", "internal"],
                draft["document"]!["rules"]!.AsArray().Select(r => r!["id"]!.GetValue<string>()).ToArray());
            Assert.Equal("by-type", await RuleOfAnUrgentRepairAsync());

            // the buttons still move a rule one place (the keyboard way)
            await page.GetByRole(AriaRole.Button, new() { Name = "Move internal up" }).ClickAsync();
            await Expect(rows.Nth(1)).ToContainTextAsync("internal");
            await Expect(rows.Nth(2)).ToContainTextAsync("by-priority");
        });

    [Fact]
    public async Task A_supervisor_reads_the_policy_without_edit_controls_and_sets_a_due_time_by_hand_with_a_reason() =>
        await host.RunAsync("sla-supervisor", async page =>
        {
            var request = await RequestAsync();
            var number = request["number"]!.GetValue<string>();
            await host.SignInThroughTheLoginPageAsync(page, "supervisor1", "Supervisor One 主管");
            try
            {
                await page.GotoAsync("/admin/sla/default");
                await Expect(page.GetByTestId("sla-rules")).ToBeVisibleAsync();
                foreach (var control in new[] { "sla-save", "sla-publish", "sla-start-draft" })
                    await Expect(page.GetByTestId(control)).ToHaveCountAsync(0);
                await page.GetByRole(AriaRole.Tab).Nth(1).ClickAsync(); // versions
                await Expect(page.GetByTestId("sla-versions")).ToBeVisibleAsync();
                await Expect(page.Locator("[data-testid^=sla-apply-]")).ToHaveCountAsync(0);

                await page.GotoAsync($"/admin/sla/requests/{number}");
                await Expect(page.GetByTestId("sla-target-FirstResponse")).ToBeVisibleAsync();
                await page.GetByTestId("sla-override-FirstResponse").ClickAsync();
                // nothing chosen: both fields say so (a click while the dialog is still opening may be lost: click again)
                await Eventually.True(async () =>
                {
                    await page.GetByTestId("sla-override-ok").ClickAsync();
                    await Task.Delay(300);
                    return await page.Locator(".ant-form-item-explain-error").CountAsync() == 2;
                });
                await page.GetByTestId("sla-override-due").ClickAsync();
                await page.Keyboard.TypeAsync("2030-01-02 10:00:00");
                await page.Keyboard.PressAsync("Enter");
                await page.GetByTestId("sla-override-reason").FillAsync("客户要求下午上门");
                await page.GetByTestId("sla-override-ok").ClickAsync();
                await Expect(page.GetByTestId("sla-target-FirstResponse").Locator("tr", new() { HasText = "客户要求下午上门" })).ToBeVisibleAsync();
                await BrowserHost.ScreenshotAsync(page, "sla-request-override");

                var sla = await WorkflowApi.Ensure(await Http.GetAsync($"/api/service-requests/{number}/sla"));
                var first = sla["targets"]!.AsArray().Single(t => t!["target"]!.GetValue<string>() == "FirstResponse")!;
                Assert.Equal(("客户要求下午上门", "supervisor1"), (first["override"]!["reason"]!.GetValue<string>(), first["override"]!["by"]!.GetValue<string>()));
                Assert.Equal(2030, first["due"]!.GetValue<DateTimeOffset>().Year);
            }
            finally
            {
                await host.Browser.ClearCookiesAsync();
                await host.SignInAsync();
            }
        });

    [Fact]
    public async Task The_sla_screens_speak_chinese_and_axe_finds_no_serious_or_critical_violations() =>
        await host.RunAsync("sla-axe", async page =>
        {
            await RequestAsync();
            var problems = new List<string>();
            async Task Check(string path, ILocator ready, Func<Task>? then = null)
            {
                await page.GotoAsync(path);
                await Expect(ready).ToBeVisibleAsync();
                if (then is not null) await then();
                problems.AddRange(await page.AccessibilityProblemsAsync(path));
            }
            await Check("/admin/sla", page.GetByTestId("sla-open-default"));
            await Check("/admin/sla/default", page.GetByTestId("sla-rules"));
            await Check("/admin/sla/default", page.GetByTestId("sla-rules"), async () =>
            {
                await page.GetByRole(AriaRole.Tab, new() { Name = "Versions" }).ClickAsync();
                await Expect(page.GetByTestId("sla-versions")).ToBeVisibleAsync();
            });
            var request = await RequestAsync();
            await Check($"/admin/sla/requests/{request["number"]}", page.GetByTestId("sla-target-FirstResponse"));
            await BrowserHost.ScreenshotAsync(page, "sla-request");
            await Check("/admin/sla/compliance", page.GetByTestId("sla-report-table"));
            await BrowserHost.ScreenshotAsync(page, "sla-compliance");
            Ui.AssertAccessible(problems);

            await page.ChooseAsync("language", "简体中文");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "SLA 达标情况" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("sla-export-xlsx")).ToContainTextAsync("导出 Excel");
            await BrowserHost.ScreenshotAsync(page, "sla-compliance-zh");
            await page.GotoAsync("/admin/sla/default");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "工作日历" })).ToBeVisibleAsync();
            await BrowserHost.ScreenshotAsync(page, "sla-policy-zh");
            await page.ChooseAsync("language", "English");
        });
}
