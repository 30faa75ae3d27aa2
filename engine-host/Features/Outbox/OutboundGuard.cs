using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Orchestrator.EngineHost.Features.Outbox;

/// <summary>The <c>Outbound</c> configuration section: where outgoing calls (HttpRequest, webhook subscriptions) may go.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>Host names an admin allowed: <c>api.example.com</c>, <c>*.example.com</c> (its subdomains), or <c>*</c> (any). Empty: none.</summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>Loopback, link-local and private addresses are refused unless this is true (tests and closed networks).</summary>
    public bool AllowPrivateNetworks { get; set; }
}

public sealed class OutboundRefusedException(string message) : Exception(message);

/// <summary>
/// Outgoing calls reach only allowed hosts, and never a loopback, link-local or private address unless
/// configured: the name is checked against the allowlist before the call, and every address it resolves to is
/// checked again when the connection is made (so a name that resolves to 127.0.0.1 is refused too).
/// </summary>
public sealed class OutboundGuard(IOptionsMonitor<OutboundOptions> options)
{
    public const string ClientName = "outbound";

    /// <summary>Null when the URL may be called; otherwise a sentence saying why not.</summary>
    public string? Check(string? url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
            return $"'{url}' is not an absolute URL.";
        if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            return $"Only http and https URLs are called, not '{uri.Scheme}'.";
        if (!string.IsNullOrEmpty(uri.UserInfo))
            return "URLs with credentials in them are refused.";
        if (!IsHostAllowed(uri.IdnHost))
            return $"The host '{uri.Host}' is not in Outbound:AllowedHosts.";
        if (IPAddress.TryParse(uri.IdnHost.Trim('[', ']'), out var ip) && !IsAddressAllowed(ip))
            return $"The address {ip} is loopback, link-local or private; Outbound:AllowPrivateNetworks is off.";
        return null;
    }

    public bool IsHostAllowed(string host)
    {
        host = host.Trim('[', ']').TrimEnd('.');
        foreach (var entry in options.CurrentValue.AllowedHosts)
        {
            var allowed = entry.Trim().Trim('[', ']').TrimEnd('.');
            if (allowed == "*")
                return true;
            if (allowed.StartsWith("*.", StringComparison.Ordinal)
                    ? host.EndsWith(allowed[1..], StringComparison.OrdinalIgnoreCase)
                    : string.Equals(host, allowed, StringComparison.OrdinalIgnoreCase))
                return true;
        }
        return false;
    }

    public bool IsAddressAllowed(IPAddress address) => options.CurrentValue.AllowPrivateNetworks || IsPublic(address);

    /// <summary>The handler every outgoing client uses: the address check at connect time, no redirects.</summary>
    public SocketsHttpHandler CreateHandler() => new()
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        PooledConnectionLifetime = TimeSpan.FromMinutes(2),
        ConnectTimeout = TimeSpan.FromSeconds(10),
        ConnectCallback = ConnectAsync,
    };

    private async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken ct)
    {
        var host = context.DnsEndPoint.Host;
        var addresses = IPAddress.TryParse(host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(host, ct);
        var allowed = addresses.Where(IsAddressAllowed).ToList();
        if (allowed.Count == 0)
            throw new OutboundRefusedException(addresses.Length == 0
                ? $"'{host}' does not resolve."
                : $"'{host}' resolves to {string.Join(", ", addresses.Select(a => a.ToString()))}: loopback, link-local or private; " +
                  "Outbound:AllowPrivateNetworks is off.");
        Exception? last = null;
        foreach (var address in allowed)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, context.DnsEndPoint.Port), ct);
                return new NetworkStream(socket, ownsSocket: true);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                last = e;
            }
        }
        throw last!;
    }

    /// <summary>False for loopback, private (RFC 1918, ULA), link-local, CGNAT, multicast, unspecified and reserved addresses.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        if (IPAddress.IsLoopback(address))
            return false;
        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return !(b[0] == 0 || b[0] == 10 || b[0] == 127 || b[0] >= 224
                     || (b[0] == 100 && b[1] >= 64 && b[1] <= 127)
                     || (b[0] == 169 && b[1] == 254)
                     || (b[0] == 172 && b[1] >= 16 && b[1] <= 31)
                     || (b[0] == 192 && b[1] == 0 && b[2] == 0)
                     || (b[0] == 192 && b[1] == 168)
                     || (b[0] == 198 && (b[1] == 18 || b[1] == 19)));
        }
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            if (address.Equals(IPAddress.IPv6None) || address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast)
                return false;
            var b = address.GetAddressBytes();
            if ((b[0] & 0xFE) == 0xFC) // fc00::/7 unique local
                return false;
            if (b[0] == 0x20 && b[1] == 0x02) // 2002::/16 6to4: judge the IPv4 address inside
                return IsPublic(new IPAddress(b[2..6]));
            if (b[0] == 0x00 && b[1] == 0x64 && b[2] == 0xFF && b[3] == 0x9B) // 64:ff9b::/96 NAT64
                return IsPublic(new IPAddress(b[12..16]));
            return true;
        }
        return false;
    }
}
