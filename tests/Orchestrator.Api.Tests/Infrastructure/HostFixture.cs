using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows;

namespace Orchestrator.Api.Tests.Infrastructure;

/// <summary>One host on one fresh database per provider, shared by a test collection.</summary>
public abstract class HostFixture(string provider) : IAsyncLifetime
{
    public TestDatabase Database { get; private set; } = null!;
    public OrchestratorFactory Factory { get; private set; } = null!;
    public HttpClient Client { get; private set; } = null!;
    public WorkflowApi Api { get; private set; } = null!;
    public string Provider => provider;

    public async Task InitializeAsync()
    {
        Database = TestDatabase.Create(provider);
        Factory = new OrchestratorFactory(Database, services: TestActivities.Register);
        Client = Factory.CreateClient();
        Api = new WorkflowApi(Client, Factory);
        await Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Factory.DisposeAsync();
        await Database.DisposeAsync();
    }
}

public sealed class SqliteHost() : HostFixture("Sqlite");

public sealed class PostgresHost() : HostFixture("PostgreSql");

[CollectionDefinition(Name)]
public sealed class SqliteCollection : ICollectionFixture<SqliteHost>
{
    public const string Name = "sqlite host";
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresHost>
{
    public const string Name = "postgres host";
}

/// <summary>Activities only tests register: a step that fails while told to, a step that counts.</summary>
public static class TestActivities
{
    public static void Register(IServiceCollection services)
    {
        services.AddActivity<Flaky>();
    }
}
