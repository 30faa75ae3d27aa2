using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Workflows;
using Orchestrator.Workflows.Expressions;

namespace Orchestrator.Activities;

public static class Extensions
{
    /// <summary>The after-sales activities (category "After-sales"): they change the domain's records inside the burst.</summary>
    public static IServiceCollection AddAfterSalesActivities(this IServiceCollection services)
    {
        services.AddActivity<CheckWarranty>();
        services.AddActivity<AssignTeam>();
        services.AddActivity<DispatchFieldTask>();
        services.AddActivity<IssueParts>();
        services.AddActivity<SetRequestStatus>();
        services.AddActivity<CloseRequest>();
        services.AddActivity<Audit>();
        services.AddActivity<CallbackSurvey>();
        services.AddActivity<AutoResolve>();
        services.AddActivity<Quote>();
        services.AddActivity<Escalate>();
        services.AddActivity<RmaAuthorize>();
        services.AddActivity<RmaReceive>();
        services.AddActivity<RmaRepair>();
        services.AddActivity<RmaShip>();
        services.AddActivity<Refund>();
        services.AddSingleton<IExpressionModelProvider, RequestModel>();
        return services;
    }
}
