using System.Text.Json.Nodes;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Orchestrator.Api.Tests.Infrastructure.Flows;

namespace Orchestrator.Browser.Tests;

/// <summary>The flows the browser tests draw on, and the few page moves they all make.</summary>
internal static class Ui
{
    /// <summary>start → triage (a task) → close (sets closedBy) → end</summary>
    public static JsonObject Repair(string id, string closedBy = "v1") => Flow(id,
        [
            A("start", "Start"),
            Named(A("triage", "HumanTask", Todo("Triage", "Done")), "Triage"),
            Named(A("close", "SetVariable", new() { ["name"] = "closedBy", ["value"] = closedBy }), "Close"),
            Named(A("end", "End"), "Done"),
        ],
        "start.Done→triage", "triage.Done→close", "close.Done→end");

    public static JsonObject Named(JsonObject activity, string name)
    {
        activity["displayName"] = name;
        return activity;
    }

    public static ILocator Node(this IPage page, string id) => page.GetByTestId($"node-{id}");

    /// <summary>Picks an option of the antd Select with this test id.</summary>
    /// <remarks>
    /// The option is looked for in this Select's own dropdown (the one its combobox controls): a dropdown
    /// closed a moment ago is still fading out, lists the same options, and vanishes under the click.
    /// </remarks>
    public static async Task ChooseAsync(this IPage page, string testId, string option)
    {
        var select = page.GetByTestId(testId);
        await select.ClickAsync();
        var combobox = select.Locator("input[role=combobox][aria-expanded=true]");
        await Assertions.Expect(combobox).ToHaveCountAsync(1);
        var list = await combobox.GetAttributeAsync("aria-controls");
        var dropdown = list is null
            ? page.Locator(".ant-select-dropdown:not(.ant-select-dropdown-hidden)")
            : page.Locator($".ant-select-dropdown:has([id=\"{list}\"])");
        await dropdown.Locator(".ant-select-item-option").Filter(new() { HasText = option }).First.ClickAsync();
    }

    /// <summary>axe-core's serious and critical findings on what the page shows now, one line each: where, rule, help, the first elements.</summary>
    /// <remarks>An option list still fading out after its Select closed (antd leaves its role=listbox without a name while it
    /// goes) is not part of the page to judge: the check waits until no option list is showing.</remarks>
    public static async Task<List<string>> AccessibilityProblemsAsync(this IPage page, string? where = null)
    {
        await Assertions.Expect(page.Locator(".ant-select-dropdown:visible")).ToHaveCountAsync(0);
        var result = await page.RunAxe();
        return result.Violations.Where(v => v.Impact is "serious" or "critical")
            .Select(v => $"{where ?? page.Url}: {v.Id} ({v.Impact}) {v.Help}: {string.Join(" | ", v.Nodes.Take(3).Select(n => n.Html))}").ToList();
    }

    /// <summary>Fails with every finding spelled out (xUnit's collection message cuts long lines).</summary>
    public static void AssertAccessible(IReadOnlyCollection<string> problems) => Assert.True(problems.Count == 0, string.Join("\n", problems));

    /// <summary>Drags from an outcome port to the target activity's input handle, as a person draws a connection.</summary>
    public static async Task ConnectAsync(this IPage page, string source, string outcome, string target)
    {
        var from = await page.GetByTestId($"port-{source}-{outcome}").BoundingBoxAsync();
        var to = await page.Node(target).Locator(".target-handle").BoundingBoxAsync();
        await page.Mouse.MoveAsync(from!.X + from.Width / 2, from.Y + from.Height / 2);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(to!.X + 20, to.Y + to.Height / 2, new() { Steps = 8 });
        await page.Mouse.MoveAsync(to.X + to.Width / 2, to.Y + to.Height / 2, new() { Steps = 4 });
        await page.Mouse.UpAsync();
    }

    public static async Task OpenFlowAsync(this IPage page, string id)
    {
        await page.GotoAsync($"/designer/{id}");
        await Assertions.Expect(page.Node("start")).ToBeVisibleAsync();
    }

    public static async Task<Guid> StartAsync(this WorkflowApi api, string id, object? input = null) => await api.StartAsync(id, input);
}

/// <summary>Waits (up to 10 s) until a condition about the page holds.</summary>
internal static class Eventually
{
    public static async Task True(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
                Assert.Fail("The condition did not hold within 10 s.");
            await Task.Delay(50);
        }
    }
}
