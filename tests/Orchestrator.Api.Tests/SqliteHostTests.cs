using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests;

[Collection(SqliteCollection.Name)]
public sealed class SqliteHostTests(SqliteHost host)
{
    [Fact]
    public void A_second_host_on_the_same_SQLite_file_refuses_to_start_and_says_why()
    {
        using var second = new OrchestratorFactory(host.Database);
        var error = Assert.ThrowsAny<Exception>(() => second.CreateClient());
        var message = error.ToString();
        Assert.Contains("Another Orchestrator host is running on the SQLite database", message);
        Assert.Contains("PostgreSql", message);
    }
}
