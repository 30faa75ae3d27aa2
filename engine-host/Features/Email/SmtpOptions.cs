using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Orchestrator.EngineHost.Features.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The <c>Smtp</c> configuration section. No host: emails wait in the outbox (and say why) until one is configured.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Smtp";

    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>The sender, e.g. <c>Service desk &lt;service@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    /// <summary>The language of a stored template when the message names none.</summary>
    public string DefaultLocale { get; set; } = "en";

    internal SecureSocketOptions SocketOptions => Security switch
    {
        SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
        SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
        _ => SecureSocketOptions.None,
    };
}

/// <summary>A wrong <c>Smtp:*</c> value stops the host with a sentence naming the key.</summary>
internal sealed class SmtpOptionsValidator : IValidateOptions<SmtpOptions>
{
    public ValidateOptionsResult Validate(string? name, SmtpOptions o)
    {
        var errors = new List<string>();
        if (o.Port is < 1 or > 65535)
            errors.Add($"Smtp:Port is {o.Port}; it must be between 1 and 65535.");
        if (!string.IsNullOrWhiteSpace(o.Host))
        {
            if (string.IsNullOrWhiteSpace(o.From))
                errors.Add("Smtp:From is empty; with Smtp:Host set, emails need a sender address.");
            else if (!MailboxAddress.TryParse(o.From, out _))
                errors.Add($"Smtp:From '{o.From}' is not an email address.");
            if (!string.IsNullOrEmpty(o.Username) && o.Password is null)
                errors.Add("Smtp:Password is missing for Smtp:Username.");
        }
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
