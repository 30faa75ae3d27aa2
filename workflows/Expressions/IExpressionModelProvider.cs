using Microsoft.EntityFrameworkCore;
using Orchestrator.Workflows.Persistence;

namespace Orchestrator.Workflows.Expressions;

/// <summary>
/// Lets the host add roots to the expression model (the domain adds <c>request</c>, <c>customer</c>,
/// <c>product</c>). Asked once per burst, and only when an expression of the version names <see cref="Root"/>.
/// </summary>
public interface IExpressionModelProvider
{
    string Root { get; }

    ValueTask<object?> LoadAsync(InstanceRecord instance, DbContext db, CancellationToken cancellationToken);
}
