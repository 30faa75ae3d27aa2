using System.Net;
using Orchestrator.Api.Tests.Infrastructure;

namespace Orchestrator.Api.Tests.Domain;

public abstract class AuditLockTests(HostFixture host)
{
    private readonly DomainApi _api = new(host.Client);

    [Fact]
    public async Task An_audited_request_refuses_change_and_deletion_until_un_audited()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var request = await _api.RequestAsync(customer);
        var id = DomainApi.Id(request);
        object Body(string status, string priority = "Normal") =>
            new { type = "InWarrantyRepair", customerId = customer, symptom = "No cooling", status, priority };

        var (early, notReady) = await _api.SendAsync(HttpMethod.Post, $"/api/service-requests/{id}/audit");
        Assert.Equal(HttpStatusCode.Conflict, early);
        Assert.Contains("Pending", notReady["detail"]!.GetValue<string>());

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{id}", Body("ServiceCompleted"))).Status);
        var (audited, record) = await _api.SendAsync(HttpMethod.Post, $"/api/service-requests/{request["number"]}/audit");
        Assert.Equal(HttpStatusCode.OK, audited);
        Assert.NotNull(record["auditedAt"]);

        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{id}", Body("ServiceCompleted", "High"))).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Delete, $"/api/service-requests/{id}")).Status);
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Post, $"/api/service-requests/{id}/audit")).Status);

        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/service-requests/{id}/unaudit")).Status);
        var (changed, after) = await _api.SendAsync(HttpMethod.Put, $"/api/service-requests/{id}", Body("ServiceCompleted", "High"));
        Assert.Equal(HttpStatusCode.OK, changed);
        Assert.Equal("High", after["priority"]!.GetValue<string>());

        var trail = await _api.GetAsync($"/api/audit?entity=service-requests&id={id}");
        var fields = trail["items"]!.AsArray().Select(e => string.Join(",", e!["changes"]!.AsArray().Select(c => c!["field"]!.GetValue<string>()))).ToList();
        Assert.Contains("auditedAt,auditedBy", fields);
        Assert.Equal("priority", fields[^1]);
    }

    [Fact]
    public async Task Audited_complaints_and_callbacks_are_locked_too()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var complaint = await _api.CreatedAsync("/api/complaints", new
        {
            customerId = customer,
            subject = "技术员迟到两小时",
            description = "约好上午九点，十一点才到。",
            status = "Done",
            resolution = "已致歉并减免上门费。",
        });
        var callback = await _api.CreatedAsync("/api/callbacks", new
        {
            customerId = customer,
            purpose = "Satisfaction after repair",
            status = "Done",
            satisfaction = 5,
        });
        Assert.Matches(@"^CP-\d{4}-\d{6}$", complaint["number"]!.GetValue<string>());
        foreach (var (route, record) in new[] { ("complaints", complaint), ("callbacks", callback) })
        {
            var id = DomainApi.Id(record);
            Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/{route}/{id}/audit")).Status);
            Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Delete, $"/api/{route}/{id}")).Status);
            Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/{route}/{id}/unaudit")).Status);
            Assert.Equal(HttpStatusCode.NoContent, (await _api.SendAsync(HttpMethod.Delete, $"/api/{route}/{id}")).Status);
        }
    }

    [Fact]
    public async Task A_request_in_progress_cannot_be_audited_and_a_callback_needs_a_valid_score()
    {
        var customer = DomainApi.Id(await _api.CustomerAsync());
        var callback = await _api.CreatedAsync("/api/callbacks", new { customerId = customer, purpose = "First callback" });
        Assert.Equal(HttpStatusCode.Conflict, (await _api.SendAsync(HttpMethod.Post, $"/api/callbacks/{DomainApi.Id(callback)}/audit")).Status);
        var (status, problem) = await _api.SendAsync(HttpMethod.Post, "/api/callbacks", new { customerId = customer, purpose = "x", satisfaction = 6, method = "Pigeon" });
        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(["method", "satisfaction"], DomainApi.Fields(problem).Order(StringComparer.Ordinal).ToArray());
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AuditLockOnSqlite(SqliteHost host) : AuditLockTests(host);

[Collection(PostgresCollection.Name)]
public sealed class AuditLockOnPostgres(PostgresHost host) : AuditLockTests(host);
