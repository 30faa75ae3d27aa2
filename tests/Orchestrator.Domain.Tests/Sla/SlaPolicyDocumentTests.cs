using Orchestrator.Domain.Records;
using Orchestrator.Domain.Sla;

namespace Orchestrator.Domain.Tests.Sla;

public class SlaPolicyDocumentTests
{
    [Theory]
    [InlineData("2025-06-13T19:00:00+08:00", null)]
    [InlineData("2025-06-16T08:10:00+08:00", "2025-06-16T10:00:00+08:00")]
    [InlineData("2025-06-16T11:50:00+08:00", null)]
    public void The_shipped_document_promises_what_the_shipped_policy_does(string opened, string? workStarted)
    {
        var errors = new FieldErrors();
        var fromDocument = SlaPolicyDocumentReader.Read(SlaPolicyDocument.ShippedDefault, "default", 1, errors);
        Assert.False(errors.Any);
        var request = new SlaRequest("InWarrantyRepair", "Normal", DateTimeOffset.Parse(opened))
        {
            WorkStartedAt = workStarted is null ? null : DateTimeOffset.Parse(workStarted),
        };

        var expected = SlaRuleMatcher.Evaluate(SlaPolicyVersion.ShippedDefault(), request);
        var actual = SlaRuleMatcher.Evaluate(fromDocument!, request);

        Assert.Equal((expected.FirstResponseDue, expected.OnSiteDue, expected.ResolutionDue),
            (actual.FirstResponseDue, actual.OnSiteDue, actual.ResolutionDue));
        Assert.Equal(expected.Escalations, actual.Escalations);
    }

    [Fact]
    public void The_sample_second_version_reads_without_errors_and_escalates_to_the_supervisors()
    {
        var root = AppContext.BaseDirectory;
        while (!File.Exists(Path.Combine(root, "Orchestrator.sln")))
            root = Path.GetDirectoryName(root) ?? throw new DirectoryNotFoundException("Orchestrator.sln not found above the test binaries.");
        var document = SlaPolicyStore.Deserialize(File.ReadAllText(Path.Combine(root, "samples", "data", "sla-default-v2.json")))!;
        var errors = new FieldErrors();

        var version = SlaPolicyDocumentReader.Read(document, "default", 2, errors);

        Assert.False(errors.Any, string.Join("; ", errors.ToDictionary().Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        Assert.Contains(version!.Escalations, e => e.Action == SlaActions.Email && e.EmailTo == "role:supervisor");
    }

    [Fact]
    public void Each_bad_field_is_named_by_its_path()
    {
        var document = SlaPolicyDocument.ShippedDefault with
        {
            Calendar = new CalendarDocument { Name = "x", TimeZone = "Asia/Shanghai", Hours = new() { ["funday"] = ["09:00-18:00"], ["monday"] = ["18:00-09:00"] } },
            Rules =
            [
                new SlaRuleDocument { Id = "default", Match = new SlaMatchDocument { Priorities = ["High"] }, Targets = new SlaTargetsDocument() },
                new SlaRuleDocument { Id = "everything", Targets = new SlaTargetsDocument { OnSite = new SlaTargetDocument { Minutes = 60, Clock = "Sundial" } } },
            ],
            Escalations = [new SlaEscalationDocument { Target = "OnSite", Action = "warn" }],
        };
        var errors = new FieldErrors();

        Assert.Null(SlaPolicyDocumentReader.Read(document, "p", 1, errors));
        Assert.Equal(["calendar.hours", "calendar.hours.monday", "escalations[0]", "rules", "rules[1].match", "rules[1].targets.onSite.clock"],
            errors.ToDictionary().Keys.Order(StringComparer.Ordinal));
    }
}
