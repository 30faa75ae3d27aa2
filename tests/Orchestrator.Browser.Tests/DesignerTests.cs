using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class DesignerTests(BrowserHost host)
{
    private WorkflowApi Api => host.Api;

    [Fact]
    public async Task An_analyst_adds_a_decision_fixes_its_expression_and_publishes_v2_while_running_requests_stay_on_v1() =>
        await host.RunAsync("publish-v2", async page =>
        {
            try
            {
                await AnalystPublishesV2Async(page);
            }
            finally
            {
                await host.SignInAsync();
            }
        });

    private async Task AnalystPublishesV2Async(IPage page)
    {
        var id = WorkflowApi.Unique("repair");
        await Api.PublishAsync(Ui.Repair(id));
        var before = await Api.StartAsync(id, new { amount = 5000 });
        await Api.WaitForTaskAsync(before);

        // analyst1, the demo analyst, signs in on the login page (not the admin)
        await host.SignInThroughTheLoginPageAsync(page, "analyst1", "Analyst One");
        await page.GetByTestId($"open-{id}").ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Published v1");

        // the triage task goes to a person picked from the directory, found by part of their name
        await page.Node("triage").ClickAsync();
        await page.GetByTestId("input-triage-assignee-picker").ClickAsync();
        await page.Keyboard.TypeAsync("agent");
        await page.GetByTestId("input-triage-assignee-option-agent1").ClickAsync();
        await Expect(page.GetByTestId("input-triage-assignee")).ToContainTextAsync("Agent One");

        // a Decision from the palette dropped on the connection Triage → Close goes between them
        await page.GetByTestId("palette-search").Locator("input").FillAsync("decision");
        await page.GetByTestId("palette-Decision").DragToAsync(page.Locator(".react-flow__edge[data-id='triage→Done→close']"));
        await Expect(page.Node("decision")).ToBeVisibleAsync();
        await Expect(page.Locator(".react-flow__edge[data-id='triage→Done→decision']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".react-flow__edge[data-id='decision→True→close']")).ToHaveCountAsync(1);
        await Expect(page.Locator(".react-flow__edge[data-id='triage→Done→close']")).ToHaveCountAsync(0);
        await page.GetByTestId("tidy").ClickAsync();
        await page.WaitForTimeoutAsync(600); // the view glides to fit the tidied flow
        await page.ConnectAsync("decision", "False", "end");
        await Expect(page.Locator(".react-flow__edge[data-id='decision→False→end']")).ToHaveCountAsync(1);

        // a bad expression: inline error, then the validator's error on the activity; clicking it selects the Decision
        var condition = page.GetByTestId("expression-input-decision-condition");
        await condition.FillAsync("input.amount >");
        await Expect(page.GetByTestId("expression-error-input-decision-condition")).ToBeVisibleAsync();
        await page.Locator(".react-flow__pane").ClickAsync(new() { Position = new() { X = 30, Y = 30 } });
        await page.GetByTestId("validate").ClickAsync();
        await Expect(page.GetByTestId("problem-expression-invalid")).ToBeVisibleAsync();
        await Expect(page.Node("decision")).ToHaveClassAsync(new Regex("has-errors"));
        await Expect(page.Node("decision")).Not.ToHaveClassAsync(new Regex("selected"));
        await page.GetByTestId("problem-expression-invalid").ClickAsync();
        await Expect(page.Node("decision")).ToHaveClassAsync(new Regex("selected"));
        await BrowserHost.ScreenshotAsync(page, "designer-validation-error");

        await page.GetByTestId("expression-input-decision-condition").FillAsync("input.amount > 1000");
        await Expect(page.GetByTestId("expression-ok-input-decision-condition")).ToBeVisibleAsync();
        await page.GetByTestId("validate").ClickAsync();
        await Expect(page.GetByTestId("valid")).ToBeVisibleAsync();

        await page.GetByTestId("publish").ClickAsync();
        await page.GetByTestId("publish-comment").FillAsync("Big repairs need a decision");
        await page.GetByTestId("publish-confirm").ClickAsync();
        await Expect(page.GetByTestId("status")).ToHaveTextAsync("Published v2");
        await Expect(page.GetByTestId("dirty")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("publish")).ToBeDisabledAsync();
        await BrowserHost.ScreenshotAsync(page, "designer-published");

        // through the API: the request started before stays on v1, one started after runs v2
        var after = await Api.StartAsync(id, new { amount = 5000 });
        foreach (var instance in new[] { before, after })
            await WorkflowApi.Ensure(await Api.CompleteAsync((await Api.WaitForTaskAsync(instance))["id"]!.GetValue<Guid>(), "Done"));
        var old = await Api.WaitForAsync(before, "Completed");
        var fresh = await Api.WaitForAsync(after, "Completed");
        Assert.Equal(1, old["instance"]!["definitionVersion"]!.GetValue<int>());
        Assert.Equal(2, fresh["instance"]!["definitionVersion"]!.GetValue<int>());
        Assert.DoesNotContain(await Api.TraceAsync(before), s => s.StartsWith("decision", StringComparison.Ordinal));
        Assert.Contains("decision:True", await Api.TraceAsync(after));
        var versions = await Api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonArray>($"/api/definitions/{id}/versions");
        Assert.Equal("Big repairs need a decision", versions![0]!["comment"]!.GetValue<string>());
        var v2 = await Api.Http.GetStringAsync($"/api/definitions/{id}/versions/2");
        Assert.Contains("\"assignee\":\"agent1\"", v2);
        Assert.Equal("analyst1", versions[0]!["publishedBy"]!.GetValue<string>());

        // the overlay of the v2 instance shows the path it took
        await page.GotoAsync($"/instances/{after}");
        await Expect(page.GetByTestId("instance-version")).ToHaveTextAsync("v2");
        foreach (var step in new[] { "start", "triage", "decision", "close", "end" })
            await Expect(page.Node(step)).ToHaveAttributeAsync("data-step", "done");
        await Expect(page.Locator(".react-flow__edge.taken")).ToHaveCountAsync(4);
        await page.GotoAsync($"/instances/{before}");
        await Expect(page.GetByTestId("instance-version")).ToHaveTextAsync("v1");
        await Expect(page.Node("decision")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Someone_elses_save_meanwhile_is_a_conflict_the_analyst_can_resolve() =>
        await host.RunAsync("conflict", async page =>
        {
            var id = WorkflowApi.Unique("conflict");
            var created = await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Ui.Repair(id)));
            await page.OpenFlowAsync(id);
            await page.Node("close").ClickAsync();
            await page.GetByTestId("display-name").FillAsync("Close it");

            var other = new HttpRequestMessage(HttpMethod.Put, $"/api/definitions/{id}/draft") { Content = JsonContent.Create(Ui.Repair(id, "someone else")) };
            other.Headers.TryAddWithoutValidation("If-Match", $"\"{created["revision"]}\"");
            await WorkflowApi.Ensure(await Api.Http.SendAsync(other));

            await page.GetByTestId("save").ClickAsync();
            await Expect(page.GetByTestId("conflict")).ToContainTextAsync("someone else");
            await page.GetByRole(AriaRole.Button, new() { Name = "Save mine over theirs" }).ClickAsync();
            await Expect(page.GetByTestId("conflict")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Draft v1 · revision 3");
            var saved = await Api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/definitions/{id}");
            Assert.Contains("Close it", saved!.ToJsonString());
        });

    [Fact]
    public async Task Two_versions_are_compared_on_the_canvas_and_an_old_one_restored_as_the_draft() =>
        await host.RunAsync("diff", async page =>
        {
            var id = WorkflowApi.Unique("diff");
            await Api.PublishAsync(Ui.Repair(id));
            var v2 = Ui.Repair(id, "v2");
            v2["activities"]!.AsArray().Add(Ui.Named(Orchestrator.Api.Tests.Infrastructure.Flows.A("note", "Log", new() { ["message"] = "closing" }), "Note"));
            v2["connections"]!.AsArray().RemoveAt(2);
            v2["connections"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["source"] = "close", ["outcome"] = "Done", ["target"] = "note" });
            v2["connections"]!.AsArray().Add(new System.Text.Json.Nodes.JsonObject { ["source"] = "note", ["outcome"] = "Done", ["target"] = "end" });
            await Api.PublishAsync(v2);

            await page.OpenFlowAsync(id);
            await page.GetByTestId("versions-button").ClickAsync();
            await page.GetByTestId("compare").ClickAsync();
            var left = page.GetByTestId("diff-from");
            var right = page.GetByTestId("diff-to");
            await Expect(right.GetByTestId("node-note")).ToHaveAttributeAsync("data-change", "added");
            await Expect(right.GetByTestId("node-close")).ToHaveAttributeAsync("data-change", "changed");
            await Expect(left.GetByTestId("node-close")).ToHaveAttributeAsync("data-change", "changed");
            await Expect(left.Locator(".react-flow__edge.diff-removed")).ToHaveCountAsync(1);
            await Expect(right.Locator(".react-flow__edge.diff-added")).ToHaveCountAsync(2);
            await BrowserHost.ScreenshotAsync(page, "designer-diff");
            await page.Keyboard.PressAsync("Escape");

            await page.GetByTestId("restore-1").ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Restore as draft" }).Last.ClickAsync();
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("Draft v3 · revision 1");
            await Expect(page.Node("note")).ToHaveCountAsync(0);
        });

    [Fact]
    public async Task A_test_run_of_the_draft_lights_up_its_path_and_where_it_waits() =>
        await host.RunAsync("test-run", async page =>
        {
            var id = WorkflowApi.Unique("trial");
            await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Ui.Repair(id)));
            await page.OpenFlowAsync(id);
            await page.GetByTestId("test-run").ClickAsync();
            await page.GetByTestId("test-run-input").FillAsync("{ \"rma\": \"RMA-7\" }");
            await page.GetByTestId("test-run-start").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Waiting");
            await Expect(page.Node("start")).ToHaveAttributeAsync("data-step", "done");
            await Expect(page.Node("triage")).ToHaveAttributeAsync("data-step", "waiting");
            await Expect(page.Node("close")).Not.ToHaveAttributeAsync("data-step", new Regex("."));

            var run = (await Api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/instances?definitionId={id}"))!["items"]![0]!;
            Assert.True(run["sandbox"]!.GetValue<bool>());
            // the run's task is in nobody's inbox: the analyst completes it from the banner
            Assert.Empty(await Api.TasksAsync(run["id"]!.GetValue<Guid>()));
            await page.GetByTestId("run-task-triage-Done").ClickAsync();
            await Expect(page.GetByTestId("run-status")).ToHaveTextAsync("Completed");
            await Expect(page.Node("end")).ToHaveAttributeAsync("data-step", "done");
            await BrowserHost.ScreenshotAsync(page, "designer-test-run");
        });

    [Fact]
    public async Task A_test_run_of_the_shipped_repair_flow_runs_on_a_test_request_and_is_driven_from_the_banner() =>
        await host.RunAsync("test-run-shipped", async page =>
        {
            var line = WorkflowApi.Unique("line");
            var region = WorkflowApi.Unique("R");
            var model = await CreatedAsync("/api/product-models", new { modelCode = WorkflowApi.Unique("M"), name = "Split AC", productLine = line, warrantyMonths = 24 });
            var team = await CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("T"), name = "Team", productLines = new[] { line }, regions = new[] { region } });
            await CreatedAsync("/api/technicians", new { code = WorkflowApi.Unique("E"), name = "王建国", teamId = team["id"]!.GetValue<Guid>() });
            var customer = (await CreatedAsync("/api/customers", new { code = WorkflowApi.Unique("C"), name = WorkflowApi.Unique("李女士"), region }))["id"]!.GetValue<Guid>();
            var serial = WorkflowApi.Unique("SN");
            var sold = DateOnly.FromDateTime(host.Factory.Clock.GetUtcNow().UtcDateTime).AddDays(-60).ToString("yyyy-MM-dd");
            await CreatedAsync("/api/installed-products", new { serialNumber = serial, customerId = customer, modelId = model["id"]!.GetValue<Guid>(), saleDate = sold });

            await page.OpenFlowAsync("in-warranty-repair");
            await page.GetByTestId("test-run").ClickAsync();
            await page.GetByTestId("test-run-input").FillAsync($"{{ \"customer\": \"{customer}\", \"serialNumber\": \"{serial}\" }}");
            await page.GetByTestId("test-run-start").ClickAsync();
            await Expect(page.GetByTestId("run-request")).ToContainTextAsync("TEST-");
            await Expect(page.Node("warranty")).ToHaveAttributeAsync("data-step", "done");
            await Expect(page.Node("assign")).ToHaveAttributeAsync("data-step", "done");
            await Expect(page.Node("visit")).ToHaveAttributeAsync("data-step", "waiting");
            Ui.AssertAccessible(await page.AccessibilityProblemsAsync("test-run banner"));

            await page.GetByTestId("run-task-visit-Completed").ClickAsync();
            await Expect(page.Node("visit")).ToHaveAttributeAsync("data-step", "done");
            await Expect(page.Node("audit")).ToHaveAttributeAsync("data-step", "waiting");
            var requests = (await Api.Http.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>($"/api/service-requests?customerId={customer}"))!;
            Assert.Empty(requests["items"]!.AsArray()); // the test request is in no list
            await BrowserHost.ScreenshotAsync(page, "designer-test-run-shipped");
        });

    private async Task<System.Text.Json.Nodes.JsonObject> CreatedAsync(string path, object body) =>
        await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync(path, body));

    [Fact]
    public async Task The_keyboard_adds_undoes_redoes_copies_and_deletes_activities() =>
        await host.RunAsync("keyboard", async page =>
        {
            var id = WorkflowApi.Unique("keys");
            await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", Ui.Repair(id)));
            await page.OpenFlowAsync(id);
            await page.GetByTestId("palette-search").Locator("input").FocusAsync();
            await page.Keyboard.TypeAsync("log");
            for (var i = 0; i < 6 && await page.EvaluateAsync<string?>("document.activeElement?.dataset?.testid") != "palette-Log"; i++)
                await page.Keyboard.PressAsync("Tab");
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.Node("log")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("dirty")).ToBeVisibleAsync();

            await page.Locator(".react-flow__pane").ClickAsync(new() { Position = new() { X = 30, Y = 30 } });
            await page.Keyboard.PressAsync("Control+z");
            await Expect(page.Node("log")).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("dirty")).ToHaveCountAsync(0);
            await page.Keyboard.PressAsync("Control+Shift+z");
            await Expect(page.Node("log")).ToBeVisibleAsync();

            await page.Node("log").ClickAsync();
            await page.ChooseAsync("next-Done", "(end)");
            await Expect(page.Locator(".react-flow__edge[data-id='log→Done→end']")).ToHaveCountAsync(1);
            await page.Node("log").ClickAsync();
            await page.Keyboard.PressAsync("Control+c");
            await page.Keyboard.PressAsync("Control+v");
            await Expect(page.Node("log2")).ToBeVisibleAsync();
            await page.Keyboard.PressAsync("Delete");
            await Expect(page.Node("log2")).ToHaveCountAsync(0);
            await Expect(page.Node("log")).ToBeVisibleAsync();

            // arrow keys move the selected activity; the moves are one undo step
            await page.Node("log").ClickAsync();
            var x0 = (await page.Node("log").BoundingBoxAsync())!.X;
            for (var i = 0; i < 3; i++)
                await page.Keyboard.PressAsync("ArrowRight");
            await Eventually.True(async () => (await page.Node("log").BoundingBoxAsync())!.X > x0 + 5);
            await page.Keyboard.PressAsync("Control+z");
            await Eventually.True(async () => Math.Abs((await page.Node("log").BoundingBoxAsync())!.X - x0) < 1);
        });
}
