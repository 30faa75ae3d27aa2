using Cronos;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using Orchestrator.Domain.Products;
using Orchestrator.Domain.Records;

namespace Orchestrator.Domain.Contracts;

/// <summary>
/// A preventive-maintenance plan (预防性维护计划) of a contract: visits fall due on the days of a cron
/// <see cref="Schedule"/> (or every <see cref="IntervalMonths"/> months), and the PM job opens a maintenance request
/// <see cref="LeadDays"/> ahead of each. The next due date moves with the actual completion date (<see cref="Completed"/>).
/// </summary>
public sealed class PmPlan : GuidRecord
{
    public Guid ContractId { get; set; }

    /// <summary>The product maintained, or null for every product under the contract.</summary>
    public Guid? InstalledProductId { get; set; }

    /// <summary>Every so many months after the last visit, when the plan has no <see cref="Schedule"/>.</summary>
    public int? IntervalMonths { get; set; }

    /// <summary>A five-field cron expression (minute hour day-of-month month day-of-week, UTC): the days visits fall due.</summary>
    public string? Schedule { get; set; }

    /// <summary>How many days ahead of a due date its request opens; null: the host's <c>Scheduling:PmLeadDays</c> (7).</summary>
    public int? LeadDays { get; set; }

    /// <summary>
    /// How many days the visits slid off the cron calendar because earlier ones were done late (positive) or early
    /// (negative): the next due date is the schedule's next day after the slid one, slid as far.
    /// </summary>
    public int ScheduleShiftDays { get; set; }

    public DateOnly NextDueDate { get; set; }

    public DateOnly? LastCompletedDate { get; set; }

    public bool Active { get; set; } = true;

    /// <summary>What the visit checks, one item a line.</summary>
    public string? Checklist { get; set; }

    /// <summary>The parsed <paramref name="schedule"/>; null with a sentence saying why when it is no cron expression.</summary>
    public static CronExpression? ParseSchedule(string schedule, out string? error)
    {
        try
        {
            var cron = CronExpression.Parse(schedule.Trim(), CronFormat.Standard);
            error = cron.GetNextOccurrence(DateTime.UtcNow) is null ? $"The schedule '{schedule}' never falls due." : null;
            return error is null ? cron : null;
        }
        catch (CronFormatException e)
        {
            error = $"'{schedule}' is no cron expression (minute hour day-of-month month day-of-week, e.g. '0 8 1 */3 *'): {e.Message}";
            return null;
        }
    }

    /// <summary>The first day on or after <paramref name="from"/> the schedule names (null for an interval plan or a schedule that ended).</summary>
    public DateOnly? FirstScheduledOnOrAfter(DateOnly from)
    {
        if (Schedule is null || ParseSchedule(Schedule, out _) is not { } cron)
            return null;
        var next = cron.GetNextOccurrence(from.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), inclusive: true);
        return next is null ? null : DateOnly.FromDateTime(next.Value);
    }

    /// <summary>
    /// The visit due on <paramref name="due"/> was done on <paramref name="on"/>. An interval plan is due again an interval
    /// after the visit; a scheduled plan on the schedule's next day after the due one, slid by how late (or early) the visit was.
    /// </summary>
    public void Completed(DateOnly on, DateOnly? due = null)
    {
        LastCompletedDate = on;
        if (Schedule is null)
        {
            NextDueDate = on.AddMonths(IntervalMonths ?? 12);
            return;
        }
        var slip = on.DayNumber - (due ?? NextDueDate).DayNumber;
        NextDueDate = AfterScheduled(due ?? NextDueDate, slip);
    }

    /// <summary>The visit due on <paramref name="due"/> was called off: the plan moves on to the next due date as if it was done on time.</summary>
    public void Skipped(DateOnly due)
    {
        NextDueDate = Schedule is null ? due.AddMonths(IntervalMonths ?? 12) : AfterScheduled(due, 0);
    }

    private DateOnly AfterScheduled(DateOnly due, int slip)
    {
        var onCalendar = due.AddDays(-ScheduleShiftDays);
        var next = FirstScheduledOnOrAfter(onCalendar.AddDays(1));
        ScheduleShiftDays += slip;
        // a schedule with no day left (a cron naming a past year) leaves the plan due a year on, for someone to look at it
        return (next ?? onCalendar.AddYears(1)).AddDays(ScheduleShiftDays);
    }
}

internal sealed class PmPlanConfiguration : IEntityTypeConfiguration<PmPlan>
{
    public void Configure(EntityTypeBuilder<PmPlan> e)
    {
        e.ToTable("pm_plans");
        e.HasKey(x => x.Id);
        e.Property(x => x.Checklist).HasMaxLength(4000);
        e.Property(x => x.Schedule).HasMaxLength(100);
        e.HasOne<ServiceContract>().WithMany().HasForeignKey(x => x.ContractId).OnDelete(DeleteBehavior.Restrict);
        e.HasOne<InstalledProduct>().WithMany().HasForeignKey(x => x.InstalledProductId).OnDelete(DeleteBehavior.Restrict);
        e.HasIndex(x => x.ContractId);
        e.HasIndex(x => new { x.Active, x.NextDueDate });
    }
}
