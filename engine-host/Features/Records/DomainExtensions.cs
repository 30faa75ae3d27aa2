using Microsoft.Extensions.DependencyInjection.Extensions;
using Orchestrator.Domain.Auditing;
using Orchestrator.Domain.Knowledge;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Audit;
using Orchestrator.EngineHost.Features.Callbacks;
using Orchestrator.EngineHost.Features.Complaints;
using Orchestrator.EngineHost.Features.Contracts;
using Orchestrator.EngineHost.Features.Customers;
using Orchestrator.EngineHost.Features.FieldTasks;
using Orchestrator.EngineHost.Features.Imports;
using Orchestrator.EngineHost.Features.Knowledge;
using Orchestrator.EngineHost.Features.Parts;
using Orchestrator.EngineHost.Features.Products;
using Orchestrator.EngineHost.Features.Requests;
using Orchestrator.EngineHost.Features.Rmas;
using Orchestrator.EngineHost.Features.Sla;
using Orchestrator.EngineHost.Features.Teams;

namespace Orchestrator.EngineHost.Features.Records;

/// <summary>The after-sales records: their services (audit trail, KB index, SLA policies) and their API.</summary>
public static class DomainExtensions
{
    public static IServiceCollection AddDomainRecords(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAuditActor, HttpAuditActor>();
        services.TryAddSingleton<IAuditRight, RoleAuditRight>();
        services.AddSingleton<AuditInterceptor>();
        services.AddSingleton<KnowledgeSearch>();
        services.AddSingleton<SlaPolicyStore>();
        services.AddSlaAdministration();
        services.AddHostedService<DomainStartup>();
        services.AddSingleton<ImportProgressHub>();
        services.AddSingleton<ImportRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ImportRunner>());
        return services;
    }

    public static IEndpointRouteBuilder MapDomain(this IEndpointRouteBuilder app)
    {
        app.MapAuditTrail();
        app.MapCustomers();
        app.MapProducts();
        app.MapContracts();
        app.MapServiceRequests();
        app.MapFieldTasks();
        app.MapRmas();
        app.MapComplaints();
        app.MapCallbacks();
        app.MapParts();
        app.MapKnowledge();
        app.MapTeams();
        app.MapSlaPolicies();
        app.MapRequestSla();
        app.MapImports();
        return app;
    }
}
