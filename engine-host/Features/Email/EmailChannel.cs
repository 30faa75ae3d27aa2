using System.Text.Json.Nodes;
using MailKit;
using MailKit.Net.Smtp;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MimeKit;
using Orchestrator.Workflows.Expressions;
using Orchestrator.Workflows.Persistence;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.EngineHost.Features.Email;

/// <summary>
/// The <c>email</c> channel: sends over SMTP (MailKit) with the message's stable Message-Id, so a redelivery
/// is the same message. A message that names a stored template is rendered once, on its first attempt, and
/// what was rendered is frozen into the outbox row: every later attempt sends exactly the same text.
/// </summary>
public sealed class EmailChannel(IOptionsMonitor<SmtpOptions> smtp, EmailTemplates templates, IServiceScopeFactory scopes,
    ILogger<EmailChannel> log) : IOutboxChannel
{
    public string Name => "email";

    public async Task<OutboxAttemptResult> DeliverAsync(OutboxMessage message, CancellationToken ct)
    {
        var o = smtp.CurrentValue;
        var p = message.Payload;
        if (p["rendered"] is null && !string.IsNullOrWhiteSpace(p["template"]?.GetValue<string>()))
        {
            var failure = await RenderTemplateAsync(message, o, ct);
            if (failure is not null)
                return failure;
        }
        var rendered = p["rendered"] as JsonObject;
        var subject = rendered?["subject"]?.GetValue<string>() ?? p["subject"]?.GetValue<string>() ?? "";
        var text = rendered?["text"]?.GetValue<string>() ?? p["body"]?.GetValue<string>() ?? "";
        var html = rendered?["html"]?.GetValue<string>() ?? p["html"]?.GetValue<string>();

        if (!InternetAddressList.TryParse(p["to"]?.GetValue<string>() ?? "", out var to) || to.Count == 0)
            return OutboxAttemptResult.Permanent($"'{p["to"]}' is not a list of email addresses.");
        if (string.IsNullOrWhiteSpace(o.Host))
            return OutboxAttemptResult.Transient("Smtp:Host is not set; the email waits until an SMTP server is configured.");

        var mime = new MimeMessage
        {
            Subject = subject,
            MessageId = MessageId(message),
            Date = message.CreatedAt,
        };
        mime.From.Add(MailboxAddress.Parse(o.From!));
        mime.To.AddRange(to);
        var builder = new BodyBuilder { TextBody = text, HtmlBody = html };
        mime.Body = builder.ToMessageBody();

        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(o.Host, o.Port, o.SocketOptions, ct);
            if (!string.IsNullOrEmpty(o.Username))
                await client.AuthenticateAsync(o.Username, o.Password ?? "", ct);
            var answer = await client.SendAsync(mime, ct);
            try
            {
                await client.DisconnectAsync(true, ct);
            }
            catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or IOException or global::System.Net.Sockets.SocketException)
            {
                // the server has accepted the message: a failed goodbye must not make it send again
                log.LogDebug(e, "Email {MessageId} sent; the SMTP session did not close cleanly", mime.MessageId);
            }
            log.LogInformation("Email {MessageId} sent to {Recipients} recipient(s)", mime.MessageId, to.Count);
            return OutboxAttemptResult.Ok($"SMTP: {answer}");
        }
        catch (SmtpCommandException e) when ((int)e.StatusCode >= 500 && e.ErrorCode != SmtpErrorCode.UnexpectedStatusCode)
        {
            return OutboxAttemptResult.Permanent($"The SMTP server refused the message ({(int)e.StatusCode}): {e.Message}");
        }
        catch (Exception e) when (e is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
                                      or MailKit.Security.AuthenticationException or global::System.Net.Sockets.SocketException or IOException)
        {
            return OutboxAttemptResult.Transient($"SMTP: {e.Message}");
        }
    }

    /// <summary>The activity's Message-Id without its angle brackets; one derived from the idempotency key otherwise.</summary>
    private static string MessageId(OutboxMessage message) =>
        (message.Payload["messageId"]?.GetValue<string>() is { Length: > 2 } id ? id : $"<{message.Id:N}@orchestrator>").Trim('<', '>');

    private async Task<OutboxAttemptResult?> RenderTemplateAsync(OutboxMessage message, SmtpOptions o, CancellationToken ct)
    {
        var p = message.Payload;
        var name = p["template"]!.GetValue<string>();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DbContext>();
        var model = new JsonObject
        {
            ["to"] = p["to"]?.DeepClone(),
            ["subject"] = p["subject"]?.DeepClone(),
            ["body"] = p["body"]?.DeepClone(),
        };
        if (message.InstanceId is { } instanceId
            && await db.Set<InstanceRecord>().AsNoTracking().FirstOrDefaultAsync(i => i.Id == instanceId, ct) is { } instance)
        {
            var state = InstanceState.Parse(instance.State);
            model["input"] = JsonNode.Parse(instance.Input);
            model["vars"] = state.Vars.DeepClone();
            model["outputs"] = state.Outputs.DeepClone();
            model["instance"] = new JsonObject
            {
                ["id"] = instance.Id.ToString(),
                ["definitionId"] = instance.DefinitionId,
                ["correlationId"] = instance.CorrelationId,
            };
        }
        model["model"] = p["model"]?.DeepClone() ?? model["input"]?.DeepClone() ?? new JsonObject();
        var locale = p["locale"]?.GetValue<string>() ?? model["model"]?["locale"]?.GetValue<string>();
        var template = await EmailTemplates.NewestAsync(db, name, locale, o.DefaultLocale, ct);
        if (template is null)
            return OutboxAttemptResult.Permanent($"No email template is named '{name}'.");
        RenderedEmail rendered;
        try
        {
            rendered = templates.Render(template, model);
        }
        catch (Exception e) when (e is ExpressionException or Scriban.Syntax.ScriptRuntimeException or InvalidOperationException)
        {
            return OutboxAttemptResult.Permanent($"Template '{name}' v{template.Version} ({template.Locale}) failed to render: {e.Message}");
        }
        p["rendered"] = new JsonObject
        {
            ["template"] = template.Name,
            ["locale"] = template.Locale,
            ["version"] = template.Version,
            ["subject"] = rendered.Subject,
            ["text"] = rendered.Text,
            ["html"] = rendered.Html,
        };
        return null;
    }
}
