using System.Net;
using Microsoft.Extensions.Options;
using Orchestrator.EngineHost.Features.Outbox;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Api.Tests.Integrations;

public sealed class OutboundGuardTests
{
    private static OutboundGuard Guard(bool allowPrivate, params string[] hosts) =>
        new(new StaticMonitor(new OutboundOptions { AllowedHosts = [.. hosts], AllowPrivateNetworks = allowPrivate }));

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.10", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("2002:7f00:1::", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("2606:4700::1111", true)]
    public void Loopback_link_local_and_private_addresses_are_not_public(string address, bool expected) =>
        Assert.Equal(expected, OutboundGuard.IsPublic(IPAddress.Parse(address)));

    [Fact]
    public void Only_allowed_hosts_pass_the_name_check()
    {
        var guard = Guard(false, "api.carrier.example", "*.erp.example");
        Assert.Null(guard.Check("https://api.carrier.example/track"));
        Assert.Null(guard.Check("https://eu.erp.example/orders"));
        Assert.NotNull(guard.Check("https://erp.example.evil.test/"));
        Assert.NotNull(guard.Check("https://carrier.example/"));
        Assert.NotNull(guard.Check("ftp://api.carrier.example/"));
        Assert.NotNull(guard.Check("https://user:pw@api.carrier.example/"));
        Assert.NotNull(guard.Check("not a url"));
        Assert.NotNull(Guard(false).Check("https://api.carrier.example/"));
    }

    [Fact]
    public void An_allowed_name_that_is_a_private_address_is_refused_unless_private_networks_are_allowed()
    {
        Assert.Contains("AllowPrivateNetworks", Guard(false, "*").Check("http://10.0.0.5/")!);
        Assert.Null(Guard(true, "*").Check("http://10.0.0.5/"));
    }

    [Fact]
    public async Task A_name_that_resolves_to_loopback_is_refused_when_connecting()
    {
        await using var receiver = await Receiver.StartAsync();
        var port = new Uri(receiver.BaseUrl).Port;
        using var client = new HttpClient(Guard(false, "localhost").CreateHandler());
        var e = await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync($"http://localhost:{port}/"));
        Assert.IsType<OutboundRefusedException>(e.InnerException);
        Assert.Empty(receiver.ReceivedAt("/"));

        using var allowed = new HttpClient(Guard(true, "localhost").CreateHandler());
        Assert.Equal(HttpStatusCode.OK, (await allowed.GetAsync($"http://localhost:{port}/")).StatusCode);
    }

    [Fact]
    public void The_outbox_claim_for_SQL_Server_parses_as_T_SQL()
    {
        var errors = SqlServerScriptTests.Parse(OutboxClaimer.SqlServer);
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => e.Message)));
    }

    [Fact]
    public void Backoff_doubles_up_to_its_cap_and_stops_within_the_window()
    {
        var o = new OutboxOptions { FirstRetryDelay = TimeSpan.FromSeconds(10), MaxRetryDelay = TimeSpan.FromHours(2), RetryFor = TimeSpan.FromHours(24) };
        Assert.Equal(TimeSpan.FromSeconds(10), OutboxSchedule.DelayAfter(1, o));
        Assert.Equal(TimeSpan.FromSeconds(40), OutboxSchedule.DelayAfter(3, o));
        Assert.Equal(TimeSpan.FromHours(2), OutboxSchedule.DelayAfter(20, o));
        var last = Enumerable.Range(1, 100).First(n => OutboxSchedule.IsLast(n, o));
        Assert.True(OutboxSchedule.WaitedAfter(last - 1, o) <= TimeSpan.FromHours(24));
        Assert.True(OutboxSchedule.WaitedAfter(last, o) > TimeSpan.FromHours(24));
    }

    private sealed class StaticMonitor(OutboundOptions value) : IOptionsMonitor<OutboundOptions>
    {
        public OutboundOptions CurrentValue => value;
        public OutboundOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<OutboundOptions, string?> listener) => null;
    }
}
