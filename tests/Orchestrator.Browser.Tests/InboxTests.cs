using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using StandardWebhooks;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

/// <summary>The inbox: tasks arriving while it is open, worked from the keyboard, a stale screen meeting a conflict,
/// bulk reassignment reaching the assignee's stream, saved views kept across sessions, Chinese.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InboxTests(BrowserHost host)
{
    private HttpClient Http => host.Api.Http;

    private async Task<JsonObject> CreatedAsync(string path, object body) => await WorkflowApi.Ensure(await Http.PostAsJsonAsync(path, body));

    /// <summary>A customer of a product line no team serves: an installation waits for a dispatcher (outcome Retry).</summary>
    private async Task<(Guid CustomerId, string CustomerName, string Model)> UnservedAsync()
    {
        var model = await CreatedAsync("/api/product-models", new { modelCode = WorkflowApi.Unique("M"), name = "Heat pump", productLine = WorkflowApi.Unique("line") });
        var name = WorkflowApi.Unique("陈先生");
        var customer = await CreatedAsync("/api/customers", new { code = WorkflowApi.Unique("C"), name, region = WorkflowApi.Unique("R") });
        return (customer["id"]!.GetValue<Guid>(), name, model["modelCode"]!.GetValue<string>());
    }

    private async Task<string> OpenRequestAsync(Guid customerId, string model, string priority = "high") =>
        (await WorkflowApi.Ensure(await Http.PostAsJsonAsync("/api/requests", new
        {
            type = "installation",
            customer = new { id = customerId },
            serialNumber = WorkflowApi.Unique("SN"),
            model,
            priority,
        })))["number"]!.GetValue<string>();

    private async Task<JsonObject> TaskOfAsync(string number)
    {
        JsonObject? task = null;
        await Eventually.True(async () =>
        {
            var rows = JsonNode.Parse(await Http.GetStringAsync($"/api/tasks?view=all&q={number}"))!.AsArray();
            task = rows.FirstOrDefault() as JsonObject;
            return task is not null;
        });
        return task!;
    }

    private static async Task<List<string>> AxeAsync(IPage page) =>
        (await page.RunAxe()).Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{page.Url}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();

    [Fact]
    public async Task A_webhook_request_appears_live_and_is_claimed_and_completed_from_the_keyboard() =>
        await host.RunAsync("inbox-live", async page =>
        {
            var (customerId, _, model) = await UnservedAsync();
            var name = WorkflowApi.Unique("sr").ToLowerInvariant();
            var secret = (await CreatedAsync("/api/webhooks/endpoints", new { name, action = new { kind = "ServiceRequest" } }))["secret"]!.GetValue<string>();

            await page.GotoAsync("/inbox?view=all");
            await Expect(page.GetByTestId("inbox-live")).ToContainTextAsync("Live");

            var body = JsonSerializer.Serialize(new
            {
                type = "installation",
                externalId = WorkflowApi.Unique("CRM"),
                customer = new { id = customerId },
                serialNumber = WorkflowApi.Unique("SN"),
                model,
                priority = "urgent",
            });
            var id = $"msg_{Guid.NewGuid():N}";
            var at = host.Factory.Clock.GetUtcNow();
            using var hook = new HttpRequestMessage(HttpMethod.Post, $"/hooks/{name}") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            hook.Headers.Add("webhook-id", id);
            hook.Headers.Add("webhook-timestamp", at.ToUnixTimeSeconds().ToString());
            hook.Headers.Add("webhook-signature", new StandardWebhook(secret).Sign(id, at, body));
            var accepted = await WorkflowApi.Ensure(await Http.SendAsync(hook));
            var number = accepted["number"]!.GetValue<string>();

            // without a reload, the dispatcher's task of the new request shows in the open inbox, unread, its SLA counting down
            var row = page.GetByTestId($"task-{number}");
            await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
            await Expect(row.Locator(".unread-dot")).ToBeVisibleAsync();
            await Expect(row.Locator("[data-sla]")).ToHaveAttributeAsync("data-sla", new Regex("green|amber|red"));

            // keyboard only: search it, open, claim, complete with its first outcome
            await page.Keyboard.PressAsync("/");
            await page.Keyboard.TypeAsync(number);
            await page.Keyboard.PressAsync("Enter");
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByTestId("inbox-table").Locator("tbody tr.ant-table-row")).ToHaveCountAsync(1);
            await page.Keyboard.PressAsync("o");
            await Expect(page.GetByTestId("task-detail")).ToContainTextAsync(number);
            await Expect(row.Locator(".unread-dot")).ToHaveCountAsync(0); // opened: read
            await page.Keyboard.PressAsync("c");
            await Expect(page.GetByTestId("task-assignee")).ToHaveTextAsync("Assigned to admin");
            var problems = await AxeAsync(page);
            await BrowserHost.ScreenshotAsync(page, "inbox");
            await page.Keyboard.PressAsync("?");
            await Expect(page.GetByTestId("shortcuts")).ToContainTextAsync("Complete with that outcome");
            await page.Keyboard.PressAsync("Escape");
            await Expect(page.GetByTestId("shortcuts")).ToBeHiddenAsync();
            await page.Keyboard.PressAsync("1");
            await Expect(page.GetByTestId("task-done")).ToContainTextAsync("Done: Retry by admin");

            var done = JsonNode.Parse(await Http.GetStringAsync($"/api/tasks?view=all&status=Completed&q={number}"))!.AsArray();
            Assert.Contains(done, t => t!["outcome"]?.GetValue<string>() == "Retry" && t["completedBy"]?.GetValue<string>() == "admin");

            // the request page beside it: its status and history
            await page.GetByTestId("request-link").ClickAsync();
            await Expect(page.GetByTestId("request-number")).ToContainTextAsync(number);
            await Expect(page.GetByTestId("request-status")).ToBeVisibleAsync();
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });

    [Fact]
    public async Task Two_screens_complete_the_same_task_and_the_second_sees_the_conflict() =>
        await host.RunAsync("inbox-conflict", async page =>
        {
            var (customerId, _, model) = await UnservedAsync();
            var number = await OpenRequestAsync(customerId, model);
            var task = await TaskOfAsync(number);
            var other = await host.Browser.NewPageAsync();
            try
            {
                // the second screen is stale: its live stream is cut, so it still offers the button after the first completes
                await other.RouteAsync("**/api/tasks/stream", route => route.AbortAsync());
                foreach (var p in new[] { page, other })
                {
                    await p.GotoAsync($"/inbox?view=all&q={number}&task={task["id"]}");
                    await Expect(p.GetByTestId("outcome-Retry")).ToBeVisibleAsync();
                }
                await page.GetByTestId("outcome-Retry").ClickAsync();
                await Expect(page.GetByTestId("task-done")).ToContainTextAsync("Done: Retry by admin");
                await other.GetByTestId("outcome-Retry").ClickAsync();
                await Expect(other.GetByTestId("conflict")).ToContainTextAsync("Someone else changed this task first");
                await Expect(other.GetByTestId("conflict")).ToContainTextAsync("It is now Completed (admin)");
                await Expect(other.GetByTestId("task-done")).ToContainTextAsync("Done: Retry by admin");
                await Expect(page.GetByTestId("conflict")).ToHaveCountAsync(0);
                var completed = JsonNode.Parse(await Http.GetStringAsync($"/api/tasks?view=all&status=Completed&q={number}"))!.AsArray();
                Assert.Single(completed);
            }
            finally
            {
                await other.CloseAsync();
            }
        });

    [Fact]
    public async Task A_supervisor_reassigns_three_tasks_at_once_and_the_assignee_hears_of_each_on_the_stream() =>
        await host.RunAsync("inbox-bulk", async page =>
        {
            var (customerId, customerName, model) = await UnservedAsync();
            var numbers = new List<string>();
            for (var i = 0; i < 3; i++) numbers.Add(await OpenRequestAsync(customerId, model));
            var ids = new List<string>();
            foreach (var n in numbers) ids.Add((await TaskOfAsync(n))["id"]!.GetValue<string>());

            // agent1 listens on the task stream, as their open inbox does
            using var cookies = new HttpClientHandler { CookieContainer = new CookieContainer() };
            using var agent = new HttpClient(cookies) { BaseAddress = host.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
            await WorkflowApi.Ensure(await agent.PostAsJsonAsync("/api/auth/login", new { username = "agent1", password = BrowserHost.DemoPassword }));
            using var stream = await agent.GetAsync("/api/tasks/stream", HttpCompletionOption.ResponseHeadersRead);
            stream.EnsureSuccessStatusCode();
            using var reader = new StreamReader(await stream.Content.ReadAsStreamAsync());

            await page.GotoAsync($"/inbox?view=all&q={Uri.EscapeDataString(customerName)}&cols=assignee,priority");
            var rows = page.GetByTestId("inbox-table").Locator("tbody tr.ant-table-row");
            await Expect(rows).ToHaveCountAsync(3);
            for (var i = 0; i < 3; i++) await rows.Nth(i).Locator("input[type=checkbox]").CheckAsync();
            await Expect(page.GetByTestId("bulk-bar")).ToContainTextAsync("3 selected");
            await page.GetByTestId("bulk-assignee").FillAsync("agent1");
            await page.GetByTestId("bulk-reassign").ClickAsync();
            await Expect(page.GetByText("3 done, 0 refused.")).ToBeVisibleAsync();
            for (var i = 0; i < 3; i++) await Expect(rows.Nth(i)).ToContainTextAsync("agent1");

            var heard = new HashSet<string>();
            var lines = new List<string>();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            try
            {
                while (heard.Count < 3 && await reader.ReadLineAsync(timeout.Token) is { } line)
                {
                    lines.Add(line);
                    if (!line.StartsWith("data: ", StringComparison.Ordinal)) continue;
                    var e = JsonNode.Parse(line["data: ".Length..])!;
                    // an unassigned task given to someone is their claim (task.claimed); one moved from another user, task.reassigned
                    if (e["type"]?.GetValue<string>() is "task.claimed" or "task.reassigned" && e["assignee"]?.GetValue<string>() == "agent1")
                        heard.Add(e["taskId"]!.GetValue<string>());
                }
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"The assignee's stream carried {heard.Count} of the 3 reassignments:\n{string.Join("\n", lines.TakeLast(20))}");
            }
            Assert.Equal(ids.Order(), heard.Order());
            var mine = JsonNode.Parse(await agent.GetStringAsync($"/api/tasks?view=mine&q={Uri.EscapeDataString(customerName)}"))!.AsArray();
            Assert.Equal(3, mine.Count);
        });

    [Fact]
    public async Task A_saved_view_survives_signing_out_and_in_and_the_inbox_speaks_Chinese() =>
        await host.RunAsync("inbox-views", async page =>
        {
            var viewName = WorkflowApi.Unique("Urgent installs");
            await page.GotoAsync("/inbox?view=all&priority=urgent&type=Installation&sort=-created&cols=priority,dueAt");
            await page.GetByTestId("save-view").ClickAsync();
            await page.GetByTestId("view-name").FillAsync(viewName);
            await page.GetByTestId("view-name").PressAsync("Enter");
            await Expect(page).ToHaveURLAsync(new Regex("saved="));

            await page.GetByTestId("logout").ClickAsync();
            await Expect(page.GetByLabel("Username")).ToBeVisibleAsync();
            await host.SignInAsync();
            await page.GotoAsync("/inbox");
            await page.GetByTestId("saved-views").ClickAsync();
            await page.Locator($".ant-select-item-option[title='{viewName}']").ClickAsync();
            await Expect(page).ToHaveURLAsync(new Regex("priority=urgent"));
            Assert.Contains("type=Installation", page.Url);
            Assert.Contains("sort=-created", page.Url);
            await Expect(page.GetByTestId("inbox-table").Locator("thead")).ToContainTextAsync("Due");

            await page.EvaluateAsync("localStorage.setItem('orchestrator.language', 'zh-CN')");
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "收件箱", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("next-task")).ToContainTextAsync("下一个任务");
            await Expect(page.GetByTestId("inbox-table").Locator("thead")).ToContainTextAsync("到期时间");
            var problems = await AxeAsync(page);
            await BrowserHost.ScreenshotAsync(page, "inbox-zh");
            await page.EvaluateAsync("localStorage.setItem('orchestrator.language', 'en')");
            Assert.True(problems.Count == 0, string.Join("\n", problems));
        });
}
