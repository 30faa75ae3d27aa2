namespace Orchestrator.Domain.Requests;

/// <summary>The kinds of service request; each runs its own flow.</summary>
public enum ServiceRequestType
{
    /// <summary>安装调试.</summary>
    Installation,

    /// <summary>保内维修.</summary>
    InWarrantyRepair,

    /// <summary>保外维修.</summary>
    OutOfWarrantyRepair,

    /// <summary>投诉.</summary>
    Complaint,

    /// <summary>退货 / 退换 (RMA).</summary>
    Return,

    /// <summary>预防性维护.</summary>
    PreventiveMaintenance,
}

public enum RequestChannel
{
    Phone,
    Web,
    Email,
    WeChat,
    Webhook,
    WalkIn,
    Scheduled,
}

public enum RequestPriority
{
    Low,
    Normal,
    High,
    Urgent,
}

/// <summary>
/// Where a request stands. The seed systems' flow is 待处理 <see cref="Pending"/> → 已出单派工 <see cref="Dispatched"/>
/// → 售后完成 <see cref="ServiceCompleted"/> → 审核完成 (audited: the lock of <see cref="Auditing.IAuditLockable"/>, not a
/// status). <see cref="WaitingForCustomer"/> and <see cref="WaitingForParts"/> stop the SLA clock in the shipped policy.
/// </summary>
public enum ServiceRequestStatus
{
    Pending,
    Dispatched,
    InProgress,
    WaitingForCustomer,
    WaitingForParts,

    /// <summary>Solved remotely (已解决), e.g. from the knowledge base.</summary>
    Resolved,
    ServiceCompleted,
    Closed,
    Cancelled,
}
