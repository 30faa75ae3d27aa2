using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using StandardWebhooks;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>samples/webhooks/send.sh signs exactly as the spec says: a real listener receives it and the StandardWebhooks library verifies it.</summary>
public sealed class SampleScriptTests
{
    private static string Repo([System.Runtime.CompilerServices.CallerFilePath] string here = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", "..", ".."));

    [Theory]
    [InlineData("rma-received.json")]
    [InlineData("carrier-delivered.json")]
    [InlineData("quote-accepted.json")]
    [InlineData("start-flow.json")]
    [InlineData("service-request.json")]
    public async Task The_sample_script_signs_each_sample_the_Standard_Webhooks_way(string sample)
    {
        await using var receiver = await Receiver.StartAsync();
        var file = Path.Combine(Repo(), "samples", "webhooks", sample);
        var start = new ProcessStartInfo("bash", [Path.Combine(Repo(), "samples", "webhooks", "send.sh"), "warehouse", file])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["WEBHOOK_SECRET"] = IntegrationHost.EndpointSecret;
        start.Environment["ORCHESTRATOR_URL"] = receiver.BaseUrl;
        using var process = Process.Start(start)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, output + errors);
        Assert.Contains("HTTP 200", output);

        var request = Assert.Single(receiver.ReceivedAt("/hooks/warehouse"));
        Assert.Equal(await File.ReadAllTextAsync(file), request.Body);
        var headers = new HeaderDictionary();
        foreach (var name in new[] { "webhook-id", "webhook-timestamp", "webhook-signature" })
            headers[name] = request.Headers[name];
        new StandardWebhook(IntegrationHost.EndpointSecret).Verify(request.Body, headers);
    }
}
