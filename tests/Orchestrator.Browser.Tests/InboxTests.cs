using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using StandardWebhooks;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

/// <summary>The inbox: tasks arriving while it is open, worked from the keyboard, a stale screen meeting a conflict,
/// bulk reassignment reaching the assignee's open inbox, reassigning by name, saved views edited and shared, saved views kept across sessions, Chinese.</summary>
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
            var problems = await page.AccessibilityProblemsAsync();
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
            Ui.AssertAccessible(problems);
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

    /// <summary>Creates a user through the users API (as an admin would) and returns their password.</summary>
    private async Task<string> UserAsync(string username, string displayName, string role, params string[] teams)
    {
        var password = $"pw-{username}-{Guid.NewGuid():N}";
        await CreatedAsync("/api/users", new { username, displayName, password, roles = new[] { role }, teams });
        return password;
    }

    [Fact]
    public async Task A_supervisor_reassigns_three_tasks_at_once_and_the_assignees_open_inbox_shows_them_live() =>
        await host.RunAsync("inbox-bulk", async page =>
        {
            var (customerId, customerName, model) = await UnservedAsync();
            var numbers = new List<string>();
            for (var i = 0; i < 3; i++) numbers.Add(await OpenRequestAsync(customerId, model));
            foreach (var n in numbers) await TaskOfAsync(n);

            // the assignee, at their own screen: their inbox open on "mine", empty
            var agent = WorkflowApi.Unique("liu").ToLowerInvariant();
            var agentName = $"刘 {agent}";
            var context = await host.NewUserContextAsync(agent, await UserAsync(agent, agentName, "Agent"));
            try
            {
                var inbox = await context.NewPageAsync();
                await inbox.GotoAsync("/inbox?view=mine");
                await Expect(inbox.GetByTestId("inbox-live")).ToContainTextAsync("Live");
                var theirs = inbox.GetByTestId("inbox-table").Locator("tbody tr.ant-table-row");
                await Expect(inbox.GetByTestId("inbox-table")).ToContainTextAsync("No tasks here.");

                // the supervisor selects the three tasks and picks the agent from the directory by name, from the keyboard
                await page.GotoAsync($"/inbox?view=all&q={Uri.EscapeDataString(customerName)}&cols=assignee,priority");
                var rows = page.GetByTestId("inbox-table").Locator("tbody tr.ant-table-row");
                await Expect(rows).ToHaveCountAsync(3);
                for (var i = 0; i < 3; i++) await rows.Nth(i).Locator("input[type=checkbox]").CheckAsync();
                await Expect(page.GetByTestId("bulk-bar")).ToContainTextAsync("3 selected");
                await page.GetByTestId("bulk-assignee").ClickAsync();
                await page.Keyboard.TypeAsync(agent);
                // what is typed narrows the list at once: Enter picks the one person it names
                await Expect(page.GetByTestId($"bulk-assignee-option-user:{agent}")).ToContainTextAsync(agentName);
                await Expect(page.Locator("[data-testid^='bulk-assignee-option-']")).ToHaveCountAsync(1);
                await page.Keyboard.PressAsync("Enter");
                await Expect(page.GetByTestId("bulk-assignee")).ToContainTextAsync(agentName);
                await page.GetByTestId("bulk-reassign").ClickAsync();
                await Expect(page.GetByText("3 done, 0 refused.")).ToBeVisibleAsync();
                for (var i = 0; i < 3; i++) await Expect(rows.Nth(i)).ToContainTextAsync(agent);

                // the assignee's open inbox shows the three without a reload (the list polls only once a minute while live)
                await Expect(theirs).ToHaveCountAsync(3);
                foreach (var n in numbers) await Expect(inbox.GetByTestId($"task-{n}")).ToBeVisibleAsync();
                await Expect(inbox.GetByTestId("inbox-live")).ToContainTextAsync("Live");
                Assert.Equal(1, await inbox.EvaluateAsync<int>("performance.getEntriesByType('navigation').length"));
                await BrowserHost.ScreenshotAsync(inbox, "inbox-bulk-assignee");

                // the supervisor filters the whole inbox by that assignee, picked by name
                await page.GotoAsync("/inbox?view=all");
                await page.GetByTestId("filter-assignee").ClickAsync();
                await page.Keyboard.TypeAsync(agent);
                await Expect(page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option").Filter(new() { HasText = agentName })).ToHaveCountAsync(1);
                await page.Keyboard.PressAsync("Enter");
                await Expect(page).ToHaveURLAsync(new Regex($"assignee={agent}"));
                await Expect(rows).ToHaveCountAsync(3);
                await page.Keyboard.PressAsync("Escape");
                Ui.AssertAccessible(await page.AccessibilityProblemsAsync());
            }
            finally
            {
                await context.CloseAsync();
            }
        });

    [Fact]
    public async Task A_supervisor_reassigns_one_task_to_a_team_found_by_name() =>
        await host.RunAsync("inbox-reassign-team", async page =>
        {
            var (customerId, _, model) = await UnservedAsync();
            var number = await OpenRequestAsync(customerId, model);
            var task = await TaskOfAsync(number);
            var code = WorkflowApi.Unique("T-WEST");
            var teamName = WorkflowApi.Unique("西区空调组");
            await CreatedAsync("/api/teams", new { code, name = teamName, productLines = new[] { "x" }, regions = new[] { "y" } });

            await page.GotoAsync($"/inbox?view=all&q={number}&task={task["id"]}");
            await page.GetByTestId("task-reassign-to").ClickAsync();
            await page.Keyboard.TypeAsync(teamName[..6]);
            await page.GetByTestId($"task-reassign-to-option-team:{code}").ClickAsync();
            await page.GetByTestId("task-reassign").ClickAsync();
            await Expect(page.GetByText($"Reassigned to {code}.")).ToBeVisibleAsync();
            var now = JsonNode.Parse(await Http.GetStringAsync($"/api/tasks/{task["id"]}"))!;
            Assert.Equal(code, now["team"]!.GetValue<string>());
            Assert.Null(now["assignee"]);
            Ui.AssertAccessible(await page.AccessibilityProblemsAsync());
        });

    [Fact]
    public async Task A_saved_view_is_updated_renamed_shared_with_a_teammate_unshared_and_deleted() =>
        await host.RunAsync("inbox-view-edit", async _ =>
        {
            var team = WorkflowApi.Unique("T-VIEWS");
            await CreatedAsync("/api/teams", new { code = team, name = "Views team", productLines = new[] { "x" }, regions = new[] { "y" } });
            var ann = WorkflowApi.Unique("ann").ToLowerInvariant();
            var bob = WorkflowApi.Unique("bob").ToLowerInvariant();
            var annContext = await host.NewUserContextAsync(ann, await UserAsync(ann, "Ann", "Agent", team));
            var bobContext = await host.NewUserContextAsync(bob, await UserAsync(bob, "Bob", "Agent", team));
            try
            {
                var page = await annContext.NewPageAsync();
                var first = WorkflowApi.Unique("Urgent");
                await page.GotoAsync("/inbox?view=team&priority=urgent");
                await page.GetByTestId("save-view").ClickAsync();
                await page.GetByTestId("view-name").FillAsync(first);
                await page.GetByTestId("view-name").PressAsync("Enter");
                await Expect(page).ToHaveURLAsync(new Regex("saved="));

                // the screen's sort goes into the view; then renamed and shared with the team
                await page.ChooseAsync("sort", "Newest first");
                await Expect(page).ToHaveURLAsync(new Regex("sort=-created"));
                await Expect(page.GetByTestId("sort")).ToContainTextAsync("Newest first"); // the screen shows it: the button saves it
                await page.GetByTestId("update-view").ClickAsync();
                await Expect(page.GetByText($"View “{first}” now keeps the filters, columns and sort on screen.")).ToBeVisibleAsync();
                var stored = JsonNode.Parse(await (await annContext.APIRequest.GetAsync("/api/inbox-views")).TextAsync())!.AsArray()
                    .Single(v => v!["name"]!.GetValue<string>() == first)!;
                Assert.Equal("-created", stored["sort"]?.GetValue<string>());
                var renamed = WorkflowApi.Unique("Team urgent");
                await page.GetByTestId("edit-view").ClickAsync();
                await page.GetByTestId("edit-view-name").FillAsync(renamed);
                await page.GetByTestId("edit-view-share").CheckAsync();
                Ui.AssertAccessible(await page.AccessibilityProblemsAsync());
                await page.GetByTestId("edit-view-ok").ClickAsync();
                await Expect(page.GetByTestId("saved-views")).ToContainTextAsync(renamed);

                // the teammate finds it, read-only, with the sort it was updated with
                var other = await bobContext.NewPageAsync();
                await other.GotoAsync("/inbox");
                await other.ChooseAsync("saved-views", $"{renamed} ({ann})");
                await Expect(other).ToHaveURLAsync(new Regex("sort=-created"));
                Assert.Contains("priority=urgent", other.Url);
                await Expect(other.GetByTestId("shared-view-owner")).ToHaveTextAsync($"Shared by {ann} (read-only)");
                await Expect(other.GetByTestId("edit-view")).ToHaveCountAsync(0);

                // unshared: the teammate no longer has it; deleted: the owner neither
                await page.GetByTestId("edit-view").ClickAsync();
                await page.GetByTestId("edit-view-share").UncheckAsync();
                await page.GetByTestId("edit-view-ok").ClickAsync();
                await Expect(page.GetByText($"View “{renamed}” saved.")).ToBeVisibleAsync();
                await other.GotoAsync("/inbox");
                await other.GetByTestId("saved-views").ClickAsync();
                await Expect(other.Locator($".ant-select-item-option[title='{renamed} ({ann})']")).ToHaveCountAsync(0);
                await page.GetByTestId("delete-view").ClickAsync();
                await page.GetByTestId("delete-view-ok").ClickAsync();
                await Expect(page).Not.ToHaveURLAsync(new Regex("saved="));
                await Expect(page.GetByTestId("delete-view")).ToHaveCountAsync(0);
            }
            finally
            {
                await annContext.CloseAsync();
                await bobContext.CloseAsync();
            }
        });

    [Fact]
    public async Task A_comment_on_the_task_and_its_completion_show_on_the_request_page_with_who_and_when() =>
        await host.RunAsync("request-thread", async page =>
        {
            var (customerId, _, model) = await UnservedAsync();
            var number = await OpenRequestAsync(customerId, model);
            var task = await TaskOfAsync(number);
            var title = task["title"]!.GetValue<string>();

            // on the task: a comment sent with Ctrl+Enter shows with its author and time; then the task is completed
            await page.GotoAsync($"/inbox?view=all&q={number}&task={task["id"]}");
            await page.GetByTestId("comment-text").FillAsync("客户上午在家 — call before 10");
            await page.GetByTestId("comment-text").PressAsync("Control+Enter");
            var comment = page.GetByTestId("comment").Filter(new() { HasText = "客户上午在家 — call before 10" });
            await Expect(comment).ToContainTextAsync("Administrator");
            await Expect(comment.Locator("time")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("comment-text")).ToHaveValueAsync("");
            await page.GetByTestId("outcome-Retry").ClickAsync();
            await Expect(page.GetByTestId("task-done")).ToContainTextAsync("Done: Retry by admin");

            // the request page: the task done, by whom, with its outcome; the thread with the task it was written on
            await page.GetByTestId("request-link").ClickAsync();
            var done = page.GetByTestId($"done-{task["id"]}");
            await Expect(done).ToContainTextAsync($"Task “{title}” completed: Retry");
            await Expect(done).ToContainTextAsync("by Administrator");
            await Expect(done.Locator("time")).Not.ToBeEmptyAsync();
            await Expect(page.GetByTestId("comments")).ToContainTextAsync($"on “{title}”");

            // a comment on the request itself, from the keyboard; it is stored with the request
            await page.GetByTestId("comment-text").FocusAsync();
            await page.Keyboard.TypeAsync("Parts ordered");
            await page.Keyboard.PressAsync("Control+Enter");
            await Expect(page.GetByTestId("comment")).ToHaveCountAsync(2);
            var thread = JsonNode.Parse(await Http.GetStringAsync($"/api/requests/{number}/comments"))!.AsArray();
            Assert.Equal(["客户上午在家 — call before 10", "Parts ordered"], thread.Select(c => c!["text"]!.GetValue<string>()));
            var problems = await page.AccessibilityProblemsAsync();
            await BrowserHost.ScreenshotAsync(page, "request-thread");

            await page.EvaluateAsync("localStorage.setItem('orchestrator.language', 'zh-CN')");
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "评论", Exact = true })).ToBeVisibleAsync();
            await Expect(done).ToContainTextAsync($"任务“{title}”已完成：Retry");
            problems.AddRange(await page.AccessibilityProblemsAsync());
            await BrowserHost.ScreenshotAsync(page, "request-thread-zh");
            await page.EvaluateAsync("localStorage.setItem('orchestrator.language', 'en')");

            // a second person at her own screen: the admin's comments are new to Ann until she has read the thread; hers never are
            // (each screen leaves the thread while the other writes: an open thread reads itself every 10 s)
            await page.GotoAsync("/inbox?view=mine");
            var ann = WorkflowApi.Unique("ann").ToLowerInvariant();
            var annPassword = await UserAsync(ann, "Ann Li", "Agent");
            var annContext = await host.NewUserContextAsync(ann, annPassword);
            try
            {
                var other = await annContext.NewPageAsync();
                await other.GotoAsync($"/requests/{number}");
                await Expect(other.GetByTestId("comment")).ToHaveCountAsync(2);
                await Expect(other.GetByTestId("comment-new")).ToHaveCountAsync(2);
                await Expect(other.GetByTestId("comment-new-count")).ToHaveTextAsync("2 new");
                host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
                await other.GetByTestId("comment-text").FillAsync("Ann: 周一到货");
                await other.GetByTestId("comment-text").PressAsync("Control+Enter");
                await Expect(other.GetByTestId("comment")).ToHaveCountAsync(3);
                await Expect(other.GetByTestId("comment-new")).ToHaveCountAsync(2); // still marked while on screen; her own is not new
                problems.AddRange(await other.AccessibilityProblemsAsync("comment thread with new comments"));
                await BrowserHost.ScreenshotAsync(other, "request-thread-new");

                await other.GetByTestId("logout").ClickAsync();
                await Expect(other.GetByLabel("Username")).ToBeVisibleAsync();

                // the admin: only Ann's comment is new, and once read it is not any more
                await page.GotoAsync($"/requests/{number}");
                await Expect(page.GetByTestId("comment")).ToHaveCountAsync(3);
                await Expect(page.GetByTestId("comment").Filter(new() { HasText = "Ann: 周一到货" }).GetByTestId("comment-new")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("comment-new")).ToHaveCountAsync(1);
                await page.ReloadAsync();
                await Expect(page.GetByTestId("comment")).ToHaveCountAsync(3);
                await Expect(page.GetByTestId("comment-new")).ToHaveCountAsync(0);

                // the admin writes again while Ann is signed out; she signs in: what she read stays read, only the new one is marked
                host.Factory.Clock.Advance(TimeSpan.FromSeconds(1));
                await page.GetByTestId("comment-text").FillAsync("Technician booked for Monday");
                await page.GetByTestId("comment-text").PressAsync("Control+Enter");
                await Expect(page.GetByTestId("comment")).ToHaveCountAsync(4);
                await page.GotoAsync("/inbox?view=mine");
                await other.GetByLabel("Username").FillAsync(ann);
                await other.GetByLabel("Password").FillAsync(annPassword);
                await other.GetByTestId("login-submit").ClickAsync();
                await Expect(other.GetByTestId("user-name")).ToHaveTextAsync("Ann Li");
                await other.GotoAsync($"/requests/{number}");
                await Expect(other.GetByTestId("comment")).ToHaveCountAsync(4);
                await Expect(other.GetByTestId("comment-new")).ToHaveCountAsync(1);
                await Expect(other.GetByTestId("comment").Filter(new() { HasText = "Technician booked for Monday" }).GetByTestId("comment-new")).ToBeVisibleAsync();
            }
            finally
            {
                await annContext.CloseAsync();
            }
            Ui.AssertAccessible(problems);
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
            var problems = await page.AccessibilityProblemsAsync();
            await BrowserHost.ScreenshotAsync(page, "inbox-zh");
            await page.EvaluateAsync("localStorage.setItem('orchestrator.language', 'en')");
            Ui.AssertAccessible(problems);
        });
}
