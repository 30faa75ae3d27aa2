using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Orchestrator.Api.Tests.Integrations;

public sealed record ReceivedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body);

/// <summary>
/// A real HTTP listener (Kestrel on a free loopback port) that records what it receives and answers each path
/// with the statuses a test scripted (<see cref="Script"/>), 200 when none is left.
/// </summary>
public sealed class Receiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();
    private readonly ConcurrentQueue<ReceivedRequest> _received = new();

    private Receiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public static async Task<Receiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new Receiver(app);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return receiver;
    }

    /// <summary>The next requests to <paramref name="path"/> are answered with these statuses, in order.</summary>
    public void Script(string path, params int[] statuses) => _scripts[path] = new ConcurrentQueue<int>(statuses);

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();

    /// <summary>Requests to <paramref name="path"/> are recorded at once but answered only when the returned action runs.</summary>
    public Action Hold(string path)
    {
        var gate = _holds.GetOrAdd(path, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        return () => gate.TrySetResult();
    }

    public IReadOnlyList<ReceivedRequest> ReceivedAt(string path) => _received.Where(r => r.Path == path).ToList();

    public async Task<IReadOnlyList<ReceivedRequest>> WaitForAsync(string path, int count, int seconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (ReceivedAt(path).Count < count)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} received {ReceivedAt(path).Count} requests, not {count}, within {seconds} s.");
            await Task.Delay(20);
        }
        return ReceivedAt(path);
    }

    private async Task HandleAsync(HttpContext http)
    {
        using var reader = new StreamReader(http.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = http.Request.Path.Value ?? "/";
        _received.Enqueue(new ReceivedRequest(http.Request.Method, path,
            http.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()), body));
        if (_holds.TryGetValue(path, out var hold))
            await hold.Task;
        var status = _scripts.TryGetValue(path, out var script) && script.TryDequeue(out var next) ? next : 200;
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync($$"""{"echo":{{Echo(body)}},"status":{{status}}}""");
    }

    private static string Echo(string body)
    {
        try
        {
            return body.Length == 0 ? "null" : System.Text.Json.Nodes.JsonNode.Parse(body)!.ToJsonString();
        }
        catch (System.Text.Json.JsonException)
        {
            return System.Text.Json.JsonSerializer.Serialize(body);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
