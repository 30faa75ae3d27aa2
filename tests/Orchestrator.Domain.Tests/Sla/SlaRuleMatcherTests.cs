using Orchestrator.Domain.Sla;
using static Orchestrator.Domain.Tests.Sla.Calendars;

namespace Orchestrator.Domain.Tests.Sla;

public class SlaRuleMatcherTests
{
    private static readonly DateTimeOffset FridayEvening = Shanghai(2025, 6, 13, 19, 0);

    private static readonly SlaRule Vip = new(
        "vip",
        new SlaMatch { CustomerTiers = ["Gold", "Platinum"] },
        new SlaTargets(SlaTarget.AroundTheClock(Minutes(15)), SlaTarget.AroundTheClock(Hours(4)), SlaTarget.AroundTheClock(Hours(8))));

    private static readonly SlaRule Urgent = new(
        "urgent",
        new SlaMatch { Priorities = ["P1"] },
        new SlaTargets(SlaTarget.AroundTheClock(Minutes(30)), null, SlaTarget.AroundTheClock(Hours(4))));

    private static readonly SlaRule Installation = new(
        "installation",
        new SlaMatch { RequestTypes = ["Installation"], Regions = ["CN-GD", "CN-SH"] },
        new SlaTargets(SlaTarget.BusinessHours(Hours(4)), SlaTarget.BusinessHours(Hours(16)), null));

    private static readonly SlaRule Internal = SlaRule.NoSla("internal", new SlaMatch { CustomerTiers = ["Internal"] });

    private static readonly SlaRule Standard = new(
        "standard",
        SlaMatch.Any,
        new SlaTargets(SlaTarget.BusinessHours(Hours(1)), SlaTarget.BusinessHours(Hours(8)), SlaTarget.BusinessHours(Hours(16))));

    private static SlaPolicyVersion Policy(params SlaRule[] rules) =>
        new("service", 2, rules, Standard, China, ["WaitingForCustomer", "WaitingForParts"]);

    private static SlaRequest Request(string type = "Repair", string priority = "P3", string? tier = null, string? region = null) =>
        new(type, priority, FridayEvening) { CustomerTier = tier, Region = region };

    [Fact]
    public void The_first_matching_rule_in_precedence_order_wins()
    {
        var goldAndUrgent = Request(priority: "P1", tier: "Gold");

        Assert.Equal("vip", SlaRuleMatcher.Match(Policy(Vip, Urgent), goldAndUrgent).Id);
        Assert.Equal("urgent", SlaRuleMatcher.Match(Policy(Urgent, Vip), goldAndUrgent).Id);
    }

    [Fact]
    public void A_request_no_rule_matches_gets_the_default_rule() =>
        Assert.Equal("standard", SlaRuleMatcher.Evaluate(Policy(Vip, Urgent, Installation), Request(tier: "Silver")).RuleId);

    [Fact]
    public void Every_criterion_of_a_rule_must_accept_the_request()
    {
        var policy = Policy(Installation);

        Assert.Equal("installation", SlaRuleMatcher.Match(policy, Request("installation", region: "cn-gd")).Id);
        Assert.Equal("standard", SlaRuleMatcher.Match(policy, Request("Installation", region: "CN-BJ")).Id);
        Assert.Equal("standard", SlaRuleMatcher.Match(policy, Request("Installation")).Id);
        Assert.Equal("standard", SlaRuleMatcher.Match(policy, Request("Repair", region: "CN-GD")).Id);
    }

    [Fact]
    public void A_no_sla_rule_gives_no_due_times_and_no_escalations()
    {
        var evaluation = SlaRuleMatcher.Evaluate(Policy(Internal, Urgent), Request(priority: "P1", tier: "internal"));

        Assert.Equal(("internal", null, null, null), (evaluation.RuleId, evaluation.FirstResponseDue, evaluation.OnSiteDue, evaluation.ResolutionDue));
        Assert.Empty(evaluation.Escalations);
    }

    [Fact]
    public void Around_the_clock_targets_run_through_the_night_and_business_hours_targets_wait_for_monday()
    {
        var urgent = SlaRuleMatcher.Evaluate(Policy(Urgent), Request(priority: "P1"));
        var normal = SlaRuleMatcher.Evaluate(Policy(Urgent), Request(priority: "P3"));

        Assert.Equal((FridayEvening.AddMinutes(30), (DateTimeOffset?)null, FridayEvening.AddHours(4)), (urgent.FirstResponseDue, urgent.OnSiteDue, urgent.ResolutionDue));
        Assert.Equal(Shanghai(2025, 6, 16, 10, 0), normal.FirstResponseDue);
        Assert.Equal(Shanghai(2025, 6, 16, 18, 0), normal.OnSiteDue);
        Assert.Equal(Shanghai(2025, 6, 17, 18, 0), normal.ResolutionDue);
    }

    [Fact]
    public void The_evaluation_names_the_policy_version()
    {
        var evaluation = SlaRuleMatcher.Evaluate(Policy(), Request());

        Assert.Equal(("service", 2), (evaluation.PolicyId, evaluation.Version));
    }

    [Fact]
    public void A_rule_may_count_on_its_regional_calendar()
    {
        var guangdong = China.ForRegion("CN-GD", [new DateOnly(2025, 6, 16)]);
        var regional = new SlaRule(
            "gd",
            new SlaMatch { Regions = ["CN-GD"] },
            new SlaTargets(SlaTarget.BusinessHours(Minutes(30)), null, null),
            guangdong);

        Assert.Equal(Shanghai(2025, 6, 17, 9, 30), SlaRuleMatcher.Evaluate(Policy(regional), Request(region: "CN-GD")).FirstResponseDue);
    }

    [Fact]
    public void Pause_statuses_of_the_policy_stop_the_clock()
    {
        var policy = Policy();
        var monday = Shanghai(2025, 6, 16, 9, 0);
        var history = new[]
        {
            new SlaStatusChange("New", monday),
            new SlaStatusChange("WaitingForCustomer", monday.AddMinutes(15)),
            new SlaStatusChange("waitingforparts", monday.AddMinutes(30)),
            new SlaStatusChange("InProgress", monday.AddMinutes(75)),
            new SlaStatusChange("Assigned", monday.AddMinutes(80)),
        };

        var pauses = policy.PausesFrom(history);
        var evaluation = SlaRuleMatcher.Evaluate(policy, new SlaRequest("Repair", "P3", monday) { Pauses = pauses });

        Assert.Equal(
            [new Pause(monday.AddMinutes(15), monday.AddMinutes(30), "WaitingForCustomer"), new Pause(monday.AddMinutes(30), monday.AddMinutes(75), "waitingforparts")],
            pauses);
        Assert.Equal(monday.AddHours(2), evaluation.FirstResponseDue);
    }

    [Fact]
    public void A_request_still_waiting_has_an_open_pause_and_no_due_time_yet()
    {
        var policy = Policy();
        var monday = Shanghai(2025, 6, 16, 9, 0);
        var pauses = policy.PausesFrom([new SlaStatusChange("New", monday), new SlaStatusChange("WaitingForParts", monday.AddMinutes(10))]);

        var evaluation = SlaRuleMatcher.Evaluate(policy, new SlaRequest("Repair", "P3", monday) { Pauses = pauses });

        Assert.True(pauses.Single().IsOpen);
        Assert.Null(evaluation.FirstResponseDue);
    }

    [Fact]
    public void The_shipped_defaults_respond_in_30_business_minutes_and_arrive_and_fix_within_24_hours()
    {
        var policy = SlaPolicyVersion.ShippedDefault(China);
        var opened = SlaRuleMatcher.Evaluate(policy, Request());
        var workStarted = Shanghai(2025, 6, 15, 10, 0);
        var started = SlaRuleMatcher.Evaluate(policy, Request() with { WorkStartedAt = workStarted });

        Assert.Equal(Shanghai(2025, 6, 16, 9, 30), opened.FirstResponseDue);
        Assert.Equal(FridayEvening.AddHours(24), opened.OnSiteDue);
        Assert.Null(opened.ResolutionDue);
        Assert.Equal(workStarted.AddHours(24), started.ResolutionDue);
    }

    [Fact]
    public void Escalations_fire_at_a_percentage_of_a_target_or_some_time_before_it()
    {
        var policy = new SlaPolicyVersion(
            "service", 1, [], Standard, China, escalations:
            [
                new SlaEscalationStep(SlaTargetKind.FirstResponse, EscalationTrigger.AtPercentOfTarget(75), "sla.warning"),
                new SlaEscalationStep(SlaTargetKind.FirstResponse, EscalationTrigger.AtPercentOfTarget(150), "escalate"),
                new SlaEscalationStep(SlaTargetKind.OnSite, EscalationTrigger.BeforeDue(Minutes(30)), "remind-technician"),
            ]);

        var evaluation = SlaRuleMatcher.Evaluate(policy, Request() with { OpenedAt = Shanghai(2025, 6, 16, 11, 0) });

        Assert.Equal(
            [
                new ScheduledEscalation(SlaTargetKind.FirstResponse, "sla.warning", Shanghai(2025, 6, 16, 11, 45)),
                new ScheduledEscalation(SlaTargetKind.FirstResponse, "escalate", Shanghai(2025, 6, 16, 13, 30)) { Step = 1 },
                new ScheduledEscalation(SlaTargetKind.OnSite, "remind-technician", Shanghai(2025, 6, 17, 10, 30)) { Step = 2 },
            ],
            evaluation.Escalations);
    }

    [Fact]
    public void The_explanation_of_a_target_adds_up_to_its_due_time()
    {
        var policy = Policy();
        var explanation = SlaRuleMatcher.Explain(policy, Request(), SlaTargetKind.OnSite)!;

        Assert.Equal(SlaRuleMatcher.Evaluate(policy, Request()).OnSiteDue, explanation.End);
        Assert.Equal(Hours(8), explanation.Counted);
        Assert.Null(SlaRuleMatcher.Explain(Policy(Urgent), Request(priority: "P1"), SlaTargetKind.OnSite));
    }

    [Fact]
    public void A_policy_refuses_duplicate_rule_ids_and_a_default_rule_with_criteria()
    {
        Assert.Throws<ArgumentException>(() => Policy(Vip, Vip));
        Assert.Throws<ArgumentException>(() => new SlaPolicyVersion("p", 1, [], Urgent, China));
    }

    [Fact]
    public void Targets_must_be_positive() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => SlaTarget.BusinessHours(TimeSpan.Zero));

    [Fact]
    public void Matches_with_the_same_values_are_equal() =>
        Assert.Equal(new SlaMatch { Priorities = ["P1", "P2"] }, new SlaMatch { Priorities = ["p1", "p2"] });
}
