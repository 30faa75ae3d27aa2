using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.EngineHost.Features.Tasks;

/// <summary>
/// <c>GET /api/tasks/stream</c>: Server-Sent Events of the tasks the caller can see (docs/inbox.md), each sent once its
/// change is committed. <c>Last-Event-ID</c> (the header EventSource sends on reconnect, or <c>?lastEventId=</c>) resumes
/// after the last event received; when those events are no longer in memory the stream starts with a <c>reset</c> event.
/// </summary>
internal static class InboxStream
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static void MapInboxStream(this RouteGroupBuilder group) =>
        group.MapGet("/stream", StreamAsync).ExcludeFromDescription();

    private static async Task StreamAsync(HttpContext http, ClaimsPrincipal principal, InboxEventHub hub, IOptions<JsonOptions> json,
        string? lastEventId = null)
    {
        var user = InboxUser.From(principal);
        var ct = http.RequestAborted;
        var resumeFrom = http.Request.Headers["Last-Event-ID"].FirstOrDefault() ?? lastEventId;
        var (missed, channel) = hub.Subscribe(resumeFrom);
        try
        {
            http.Response.ContentType = "text/event-stream";
            http.Response.Headers.CacheControl = "no-cache";
            http.Response.Headers["X-Accel-Buffering"] = "no";
            await http.Response.WriteAsync("retry: 2000\n: connected\n\n", ct);
            if (missed is null)
                await http.Response.WriteAsync($"event: reset\ndata: {{\"reason\":\"The events after {resumeFrom} are no longer kept: reload the list.\"}}\n\n", ct);
            else
            {
                foreach (var e in missed.Where(e => Sees(user, e)))
                    await WriteAsync(http.Response, e, json.Value.SerializerOptions, ct);
            }
            await http.Response.Body.FlushAsync(ct);
            var reader = channel.Reader;
            while (!ct.IsCancellationRequested)
            {
                using var beat = CancellationTokenSource.CreateLinkedTokenSource(ct);
                beat.CancelAfter(Heartbeat);
                try
                {
                    if (!await reader.WaitToReadAsync(beat.Token))
                        break;
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    await http.Response.WriteAsync(": ping\n\n", ct);
                    await http.Response.Body.FlushAsync(ct);
                    continue;
                }
                while (reader.TryRead(out var e))
                {
                    if (Sees(user, e))
                        await WriteAsync(http.Response, e, json.Value.SerializerOptions, ct);
                }
                await http.Response.Body.FlushAsync(ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // the client went away
        }
        finally
        {
            hub.Unsubscribe(channel);
        }
    }

    /// <summary>The caller sees the event when they can see the task now, or it was theirs before (reassigned away).</summary>
    public static bool Sees(InboxUser user, InboxEvent e) =>
        user.ReadsAll || (e.PreviousAssignee is not null && e.PreviousAssignee == user.Name)
        || user.MaySee(new HumanTaskRecord { Id = e.TaskId, ActivityId = "", Title = e.Title, Assignee = e.Assignee, Team = e.Team, Role = e.Role });

    private static async Task WriteAsync(HttpResponse response, InboxEvent e, JsonSerializerOptions options, CancellationToken ct) =>
        await response.WriteAsync($"id: {e.Id}\nevent: {e.Type}\ndata: {JsonSerializer.Serialize(e, options)}\n\n", ct);
}
