using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using netDumbster.smtp;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Workflows.Runtime;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>
/// The real host on a fresh database with what integrations need around it: an SMTP server (netDumbster) and
/// an HTTP listener (Kestrel) in the test process, outgoing calls allowed to loopback, short retry waits.
/// </summary>
public abstract class IntegrationHost(string provider) : IAsyncLifetime
{
    public const string EndpointSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    public const string RotatedSecret = "whsec_dGhlIG5ldyBzZWNyZXQgYWZ0ZXIgcm90YXRpb24=";

    public TestDatabase Database { get; private set; } = null!;
    public OrchestratorFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public WorkflowApi Api { get; private set; } = null!;
    public Receiver Receiver { get; private set; } = null!;
    public SimpleSmtpServer Smtp { get; private set; } = null!;
    public string Provider => provider;

    public virtual async Task InitializeAsync()
    {
        Receiver = await Receiver.StartAsync();
        var smtpPort = FreePort();
        Smtp = SimpleSmtpServer.Start(smtpPort);
        Database = TestDatabase.Create(provider);
        _settings = new Dictionary<string, string?>
        {
            ["Outbound:AllowedHosts:0"] = "127.0.0.1",
            ["Outbound:AllowedHosts:1"] = "localhost",
            ["Outbound:AllowPrivateNetworks"] = "true",
            ["Outbox:PollInterval"] = "00:00:00.200",
            ["Outbox:FirstRetryDelay"] = "00:00:01",
            ["Outbox:MaxRetryDelay"] = "00:00:04",
            ["Outbox:RetryFor"] = "00:00:10",
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = smtpPort.ToString(),
            ["Smtp:Security"] = "None",
            ["Smtp:From"] = "Orchestrator <service@orchestrator.test>",
            ["Webhooks:Endpoints:warehouse:Secrets:0"] = EndpointSecret,
            ["Webhooks:Endpoints:warehouse:Secrets:1"] = RotatedSecret,
            ["Webhooks:Endpoints:warehouse:Action:Kind"] = "RaiseEvent",
            ["Webhooks:Endpoints:unsigned:Action:Kind"] = "RaiseEvent",
            ["Webhooks:Endpoints:limited:Secrets:0"] = EndpointSecret,
            ["Webhooks:Endpoints:limited:Action:Kind"] = "RaiseEvent",
            ["Webhooks:Endpoints:limited:PermitsPerMinute"] = "3",
        };
        foreach (var (key, value) in MoreSettings)
            _settings[key] = value;
        Factory = new OrchestratorFactory(Database, _settings, services: TestActivities.Register);
        Client = Factory.CreateClient();
        Api = new WorkflowApi(Client, Factory);
        await Task.CompletedTask;
    }

    private Dictionary<string, string?> _settings = [];

    /// <summary>Settings a derived host adds.</summary>
    protected virtual IReadOnlyDictionary<string, string?> MoreSettings => new Dictionary<string, string?>();

    /// <summary>Stops the host and starts a new one on the same database, its clock where the old one's stood.</summary>
    public async Task RestartAsync()
    {
        var now = Factory.Clock.GetUtcNow();
        Client.Dispose();
        await Factory.DisposeAsync();
        Factory = new OrchestratorFactory(Database, _settings, services: TestActivities.Register);
        Factory.Clock.SetUtcNow(now);
        Client = Factory.CreateClient();
        Api = new WorkflowApi(Client, Factory);
    }

    /// <summary>Moves the host's clock and delivers what became due (as the deliverer's poll would).</summary>
    public async Task AdvanceAsync(TimeSpan by)
    {
        Factory.Clock.Advance(by);
        await Factory.Services.GetRequiredService<OutboxDeliverer>().DeliverDueAsync(CancellationToken.None);
    }

    /// <summary>Waits until the outbox row with this idempotency key prefix reaches a status; moves the clock while it waits for retries.</summary>
    public async Task<JsonObject> WaitForOutboxAsync(Func<JsonObject, bool> match, string status, TimeSpan? step = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var page = await Client.GetFromJsonAsync<JsonObject>("/api/outbox?pageSize=200");
            var row = page!["items"]!.AsArray().Select(r => r!.AsObject()).FirstOrDefault(match);
            if (row is not null && row["status"]!.GetValue<string>() == status)
                return (await Client.GetFromJsonAsync<JsonObject>($"/api/outbox/{row["id"]}"))!;
            Assert.True(DateTime.UtcNow < deadline, $"No outbox row reached {status} within 30 s: {row?.ToJsonString()}");
            if (step is { } s)
                await AdvanceAsync(s);
            await Task.Delay(50);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
        Smtp.Stop();
        await Receiver.DisposeAsync();
    }
}

public sealed class SqliteIntegrationHost() : IntegrationHost("Sqlite");

public sealed class PostgresIntegrationHost() : IntegrationHost("PostgreSql");

[CollectionDefinition(Name)]
public sealed class SqliteIntegrationCollection : ICollectionFixture<SqliteIntegrationHost>
{
    public const string Name = "sqlite integrations";
}

[CollectionDefinition(Name)]
public sealed class PostgresIntegrationCollection : ICollectionFixture<PostgresIntegrationHost>
{
    public const string Name = "postgres integrations";
}
