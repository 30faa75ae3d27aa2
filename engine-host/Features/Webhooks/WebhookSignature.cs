using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Orchestrator.EngineHost.Features.Webhooks;

/// <summary>
/// Standard Webhooks: <c>webhook-signature</c> holds space-separated <c>v1,&lt;base64 HMAC-SHA256 of
/// "id.timestamp.body"&gt;</c>; any one matching any of the endpoint's secrets passes (rotation). The timestamp must
/// be within five minutes of the host's clock, so a captured request cannot be replayed later.
/// </summary>
public static class WebhookSignature
{
    public static byte[]? SecretBytes(string secret)
    {
        var text = secret.StartsWith("whsec_", StringComparison.Ordinal) ? secret[6..] : secret;
        try
        {
            var bytes = Convert.FromBase64String(text);
            return bytes.Length >= 16 ? bytes : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    public static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static string Sign(byte[] key, string id, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{id}.{timestamp.ToString(CultureInfo.InvariantCulture)}.");
        var content = new byte[prefix.Length + body.Length];
        prefix.CopyTo(content, 0);
        body.CopyTo(content.AsSpan(prefix.Length));
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, content));
    }

    /// <summary>Null when the signature and timestamp are good; otherwise why not (never a secret).</summary>
    public static string? Verify(IReadOnlyList<string> secrets, string id, string timestamp, string signatures, ReadOnlySpan<byte> body,
        DateTimeOffset now)
    {
        if (!long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
            return "webhook-timestamp is not a number of seconds since 1970.";
        var sent = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(seconds, 0, 253402300799));
        if (sent < now - WebhookOptions.Tolerance)
            return $"webhook-timestamp is {(now - sent).TotalMinutes:0} minutes old; at most 5 are accepted.";
        if (sent > now + WebhookOptions.Tolerance)
            return "webhook-timestamp is more than 5 minutes in the future.";
        var given = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.StartsWith("v1,", StringComparison.Ordinal)).Select(s => Encoding.ASCII.GetBytes(s)).ToList();
        if (given.Count == 0)
            return "webhook-signature has no v1 signature.";
        foreach (var secret in secrets)
        {
            if (SecretBytes(secret) is not { } key)
                continue;
            var expected = Encoding.ASCII.GetBytes(Sign(key, id, seconds, body));
            if (given.Any(g => CryptographicOperations.FixedTimeEquals(g, expected)))
                return null;
        }
        return "webhook-signature matches none of the endpoint's secrets.";
    }
}
