using Microsoft.Playwright;
using Orchestrator.Api.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace Orchestrator.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LanguageAndAccessibilityTests(BrowserHost host)
{
    private WorkflowApi Api => host.Api;

    [Fact]
    public async Task The_chinese_switch_shows_chinese_labels() =>
        await host.RunAsync("chinese", async page =>
        {
            var id = WorkflowApi.Unique("zh");
            var flow = Ui.Repair(id);
            flow["activities"]!.AsArray().Add(Ui.Named(Flows.A("stray", "Log", new() { ["message"] = "never" }), "Stray note"));
            await WorkflowApi.Ensure(await Api.Http.PostAsJsonAsync("/api/definitions", flow));
            await page.OpenFlowAsync(id);
            await page.ChooseAsync("language", "简体中文");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "流程", Exact = true })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "活动" })).ToBeVisibleAsync();
            await Expect(page.GetByTestId("validate")).ToHaveTextAsync("校验");
            await Expect(page.GetByTestId("palette-Decision")).ToContainTextAsync("判断");
            await Expect(page.GetByTestId("status")).ToHaveTextAsync("草稿 v1 · 修订 1");
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "zh-CN");
            // the after-sales activities and the server's validation sentences too
            await Expect(page.GetByTestId("palette-CheckWarranty")).ToContainTextAsync("判定保修");
            await Expect(page.GetByTestId("palette-DeferredChoice")).ToContainTextAsync("延迟选择");
            await page.GetByTestId("validate").ClickAsync();
            await Expect(page.GetByTestId("problem-unreachable")).ToContainTextAsync("从“开始”无法到达“Stray note”。");
            await BrowserHost.ScreenshotAsync(page, "designer-zh");
            await page.ChooseAsync("language", "English");
            await Expect(page.GetByTestId("validate")).ToHaveTextAsync("Validate");
            await Expect(page.GetByTestId("problem-unreachable")).ToContainTextAsync("'Stray note' cannot be reached from Start.");
        });

    [Fact]
    public async Task Axe_finds_no_serious_or_critical_violations_on_the_designer_pages() =>
        await host.RunAsync("axe", async page =>
        {
            var id = WorkflowApi.Unique("axe");
            await Api.PublishAsync(Ui.Repair(id));
            var instance = await Api.StartAsync(id);
            await Api.WaitForTaskAsync(instance);

            var problems = new List<string>();
            async Task Check(string path, ILocator ready, Func<Task>? then = null)
            {
                await page.GotoAsync(path);
                await Expect(ready).ToBeVisibleAsync();
                if (then is not null) await then();
                problems.AddRange(await page.AccessibilityProblemsAsync(path));
            }
            await Check("/", page.GetByTestId("version"));
            await Check("/designer", page.GetByTestId($"open-{id}"));
            await Check($"/designer/{id}", page.Node("triage"), async () =>
            {
                await page.Node("triage").ClickAsync();
                await page.GetByTestId("validate").ClickAsync();
                await Expect(page.GetByTestId("problems")).ToBeVisibleAsync();
            });
            await Check("/instances", page.GetByTestId($"instance-{instance}"));
            await Check($"/instances/{instance}", page.Node("triage"));
            Ui.AssertAccessible(problems);
        });
}
