using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class InstanceTests(BrowserHost host)
{
    private WorkflowApi Api => host.Api;

    [Fact]
    public async Task An_incident_is_shown_on_its_activity_and_retried_or_skipped_from_the_instance_page() =>
        await host.RunAsync("incident", async page =>
        {
            var id = WorkflowApi.Unique("flaky");
            var name = WorkflowApi.Unique("switch");
            Flaky.Failing[name] = true;
            await Api.PublishAsync(Flow(id,
                [A("start", "Start"), A("flaky", "Test.Flaky", new() { ["switch"] = name }), A("end", "End")],
                "start.Done→flaky", "flaky.Done→end"));
            var retried = await Api.StartAsync(id);
            var skipped = await Api.StartAsync(id);
            await Api.WaitUntilFaultedAsync(retried, skipped);

            await page.GotoAsync($"/instances/{retried}");
            await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Faulted");
            await Expect(page.Node("flaky")).ToHaveAttributeAsync("data-step", "faulted");
            await Expect(page.Node("start")).ToHaveAttributeAsync("data-step", "done");
            await BrowserHost.ScreenshotAsync(page, "instance-incident");
            Flaky.Failing[name] = false;
            await page.GetByTestId("incident-flaky").GetByRole(AriaRole.Button, new() { Name = "Retry" }).ClickAsync();
            await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Completed");
            await Expect(page.Node("end")).ToHaveAttributeAsync("data-step", "done");

            Flaky.Failing[name] = true;
            await page.GotoAsync($"/instances?definitionId={id}&status=Faulted");
            await page.GetByTestId($"instance-{skipped}").ClickAsync();
            await page.GetByTestId("incident-flaky").GetByRole(AriaRole.Button, new() { Name = "Skip with" }).ClickAsync();
            await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Completed");
            await Expect(page.GetByTestId("log")).ToContainTextAsync(new Regex("end"));
        });

    [Fact]
    public async Task A_cancelled_instance_shows_the_work_it_withdrew_and_why() =>
        await host.RunAsync("withdrawn", async page =>
        {
            var id = WorkflowApi.Unique("withdraw");
            await Api.PublishAsync(Ui.Repair(id));
            var instance = await Api.StartAsync(id);
            await Api.WaitForTaskAsync(instance);
            await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync($"/api/instances/{instance}/cancel", new { reason = "the customer withdrew the RMA" }));
            await Api.WaitForAsync(instance, "Cancelled");

            await page.GotoAsync($"/instances/{instance}");
            await Expect(page.GetByTestId("instance-status")).ToHaveTextAsync("Cancelled");
            await Expect(page.Node("start")).ToHaveAttributeAsync("data-step", "done");
            await Expect(page.Node("triage")).ToHaveAttributeAsync("data-step", "withdrawn");
            await Expect(page.Node("triage")).ToHaveAttributeAsync("title", new Regex("the customer withdrew the RMA"));
            await Expect(page.Node("close")).Not.ToHaveAttributeAsync("data-step", new Regex("."));
            await Expect(page.Locator(".legend-step-withdrawn")).ToHaveTextAsync("withdrawn");
            await Expect(page.GetByTestId("log")).ToContainTextAsync("withdrawn");
            await BrowserHost.ScreenshotAsync(page, "instance-withdrawn");
        });

    [Fact]
    public async Task The_designers_api_snapshot_names_only_operations_the_host_serves()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Orchestrator.sln")))
            root = Path.GetDirectoryName(root) ?? throw new InvalidOperationException("Orchestrator.sln not found above the test binaries.");
        var snapshot = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(root, "designer", "src", "api", "openapi.json")))!;
        var live = (await Api.Http.GetFromJsonAsync<JsonObject>("/openapi/v1.json"))!;
        var missing = snapshot["paths"]!.AsObject()
            .SelectMany(p => p.Value!.AsObject().Select(op => $"{op.Key.ToUpperInvariant()} {p.Key}")
                .Where(_ => live["paths"]?[p.Key] is null || live["paths"]![p.Key]![_.Split(' ')[0].ToLowerInvariant()] is null))
            .ToList();
        Assert.True(missing.Count == 0,
            $"designer/src/api/openapi.json names operations the host no longer serves: {string.Join(", ", missing)}. " +
            "Run `node scripts/gen-api.mjs http://localhost:5080/openapi/v1.json` in designer/ against a running host.");
    }
}

internal static class InstanceWaits
{
    /// <summary>Fires the Flaky activity's retry timer (the host's clock is the test's) until both instances are Faulted.</summary>
    public static async Task WaitUntilFaultedAsync(this WorkflowApi api, params Guid[] instances)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            await api.AdvanceAsync(TimeSpan.FromSeconds(2));
            var statuses = await Task.WhenAll(instances.Select(api.StatusAsync));
            if (statuses.All(s => s == "Faulted"))
                return;
            await Task.Delay(100);
        }
        Assert.Fail("The instances did not become Faulted.");
    }
}
