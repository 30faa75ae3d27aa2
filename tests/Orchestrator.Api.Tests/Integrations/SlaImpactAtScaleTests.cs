using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Orchestrator.Api.Tests.Domain;
using Orchestrator.Api.Tests.Infrastructure;
using Orchestrator.Domain.Requests;
using Orchestrator.Domain.Sla;
using Orchestrator.EngineHost.Features.Sla;

namespace Orchestrator.Api.Tests.Integrations;

/// <summary>
/// The impact preview streams the requests in chunks and reads pauses chunk by chunk: over a few thousand generated requests
/// (open and closed, paused or not, in two regions, three tiers, two teams) of a policy of their own, its counts and groups
/// equal those of a brute-force evaluation in the test — every request evaluated under the draft one by one, with its whole
/// status history, as the preview did before it streamed.
/// </summary>
public abstract class SlaImpactAtScaleTests(SlaHost host)
{
    private readonly DomainApi _api = new(host.Client);
    private static readonly SlaTargetKind[] Kinds = Enum.GetValues<SlaTargetKind>();

    private sealed record Generated(ServiceRequest Request, string Tier, string? TeamCode, List<SlaStatusChange> History);

    [Fact]
    public async Task The_preview_over_thousands_of_requests_counts_what_evaluating_each_request_counts()
    {
        var policyId = WorkflowApi.Unique("bulk").ToLowerInvariant();
        var (created, body) = await _api.SendAsync(HttpMethod.Post, "/api/sla-policies", new { policyId, name = "Bulk", document = SlaHost.Policy() });
        Assert.True(created == HttpStatusCode.Created, body.ToJsonString());
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Post, $"/api/sla-policies/{policyId}/publish",
            new { effectiveFrom = SlaHost.EffectiveFrom, comment = "v1" })).Status);
        // the draft: faster high priority, and waiting for the customer no longer stops the clock
        Assert.Equal(HttpStatusCode.OK, (await _api.SendAsync(HttpMethod.Put, $"/api/sla-policies/{policyId}/draft",
            new { document = SlaHost.Policy(highMinutes: 20, pauseStatuses: ["WaitingForParts"]) })).Status);

        var customers = new List<(Guid Id, string Tier, string Region)>();
        foreach (var (tier, region) in new[] { ("Standard", "Shanghai"), ("Gold", "Guangdong"), ("Vip", "Shanghai") })
            customers.Add((DomainApi.Id(await _api.CustomerAsync(tier: tier, region: region)), tier, region));
        var teams = new List<(Guid Id, string Code)>();
        for (var i = 0; i < 2; i++)
        {
            var team = await _api.CreatedAsync("/api/teams", new { code = WorkflowApi.Unique("B"), name = $"Bulk team {i}", productLines = new[] { "air-conditioner" }, regions = new[] { "Shanghai" } });
            teams.Add((DomainApi.Id(team), team["code"]!.GetValue<string>()));
        }

        var now = host.Factory.Clock.GetUtcNow();
        var minute = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        var (closedFrom, closedTo) = (minute.AddDays(-30), minute.AddMinutes(1));
        var random = new Random(2026);
        var generated = Enumerable.Range(0, 3_000).Select(n => Generate(random, n, policyId, minute, customers, teams)).ToList();
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<DbContext>();
            db.AddRange(generated.Select(g => g.Request));
            db.AddRange(generated.SelectMany(g => g.History.Select(h => new SlaStatusChangeRecord { RequestId = g.Request.Id, Status = h.Status, At = h.At })));
            await db.SaveChangesAsync();
        }

        var started = await host.Client.PostAsJsonAsync($"/api/sla-policies/{policyId}/impact", new { closedFrom, closedTo });
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        var job = WorkflowApi.Json(await started.Content.ReadAsStringAsync());
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (job["status"]!.GetValue<string>() is "Queued" or "Running")
        {
            Assert.True(DateTime.UtcNow < deadline, job.ToJsonString());
            await Task.Delay(100);
            job = await _api.GetAsync($"/api/sla-jobs/{job["id"]}");
        }
        Assert.True(job["status"]!.GetValue<string>() == "Succeeded", job.ToJsonString());
        var result = job["result"]!;
        var at = result["computedAt"]!.GetValue<DateTimeOffset>();

        SlaPolicyVersion draft;
        await using (var scope = host.Factory.Services.CreateAsyncScope())
        {
            var record = await scope.ServiceProvider.GetRequiredService<DbContext>().Set<SlaPolicyVersionRecord>().AsNoTracking()
                .SingleAsync(v => v.PolicyId == policyId && v.Status == SlaVersionStatus.Draft);
            draft = scope.ServiceProvider.GetRequiredService<SlaPolicyStore>().Parse(record);
        }
        var expected = BruteForce(draft, generated, closedFrom, closedTo, at);
        var open = result["open"]!;
        var closed = result["closed"]!;
        Assert.Equal(expected.Open, (open["open"]!.GetValue<int>(), open["changed"]!.GetValue<int>(), open["breachedUnderDraft"]!.GetValue<int>(),
            open["breachedNow"]!.GetValue<int>()));
        Assert.Equal(expected.Closed, (closed["closed"]!.GetValue<int>(), closed["metBefore"]!.GetValue<int>(), closed["breachedBefore"]!.GetValue<int>(),
            closed["metUnderDraft"]!.GetValue<int>(), closed["breachedUnderDraft"]!.GetValue<int>()));
        Assert.Equal(expected.Groups, closed["groups"]!.AsArray().Select(g => $"{g!["dimension"]}/{g["key"]}: {g["requests"]} {g["metBefore"]} {g["breachedBefore"]} {g["metUnderDraft"]} {g["breachedUnderDraft"]}").ToList());
        Assert.Equal(expected.Examples, open["examples"]!.AsArray().Select(x => $"{x!["number"]} {x["target"]}").ToList());
        Assert.Equal(job["total"]!.GetValue<long>(), job["done"]!.GetValue<long>());
        Assert.Equal(expected.Open.Open + expected.Closed.Closed, job["total"]!.GetValue<long>());
        // the brute force found every kind of case, so the comparison means something
        Assert.True(expected.Open.Changed > 50 && expected.Open.BreachedUnder > 10 && expected.Closed.BreachedBefore > 50
                    && expected.Closed.BreachedUnder > 50 && expected.Closed.MetUnder > 50, $"{expected.Open} {expected.Closed}");
    }

    private static Generated Generate(Random random, int n, string policyId, DateTimeOffset now, List<(Guid Id, string Tier, string Region)> customers,
        List<(Guid Id, string Code)> teams)
    {
        var customer = customers[random.Next(customers.Count)];
        var team = random.Next(3) == 0 ? ((Guid, string)?)null : teams[random.Next(teams.Count)];
        var isOpen = random.Next(4) == 0;
        var opened = now.AddMinutes(-random.Next(60, 40 * 24 * 60));
        // some opened waiting for parts: paused from the start if anything follows, as opened (no pause) if nothing does
        var history = new List<SlaStatusChange> { new(n % 97 == 0 ? "WaitingForParts" : "Pending", opened) };
        var request = new ServiceRequest
        {
            Number = $"SR-BULK-{n:D5}",
            Symptom = "Generated",
            Type = Enum.GetValues<ServiceRequestType>()[random.Next(6)],
            Priority = Enum.GetValues<RequestPriority>()[random.Next(4)],
            CustomerId = customer.Id,
            Region = customer.Region,
            TeamId = team?.Item1,
            OpenedAt = opened,
            SlaPolicyId = policyId,
            SlaPolicyVersion = 1,
            SlaRuleId = "recorded",
            FirstResponseDue = random.Next(8) == 0 ? null : opened.AddMinutes(random.Next(20, 600)),
            OnSiteDue = random.Next(4) == 0 ? null : opened.AddMinutes(random.Next(240, 2000)),
            ResolutionDue = random.Next(3) == 0 ? null : opened.AddMinutes(random.Next(600, 5000)),
        };
        var t = opened;
        DateTimeOffset? Step(int min, int max)
        {
            var next = t.AddMinutes(random.Next(min, max));
            if (next >= now)
                return null;
            return t = next;
        }
        var status = ServiceRequestStatus.Pending;
        void Move(ServiceRequestStatus to, DateTimeOffset when)
        {
            history.Add(new SlaStatusChange(to.ToString(), when));
            status = to;
        }
        if (random.Next(5) > 0 && Step(5, 300) is { } responded)
        {
            request.FirstRespondedAt = responded;
            Move(ServiceRequestStatus.Dispatched, responded);
            if (random.Next(4) > 0 && Step(30, 900) is { } arrived)
            {
                (request.ArrivedAt, request.WorkStartedAt) = (arrived, arrived);
                Move(ServiceRequestStatus.InProgress, arrived);
                for (var pause = random.Next(3); pause > 0; pause--)
                {
                    if (Step(10, 600) is not { } stop)
                        break;
                    Move(random.Next(2) == 0 ? ServiceRequestStatus.WaitingForParts : ServiceRequestStatus.WaitingForCustomer, stop);
                    // the same status again (in another case, too): still one pause
                    if (random.Next(5) == 0 && Step(1, 60) is { } again)
                        history.Add(new SlaStatusChange(random.Next(2) == 0 ? status.ToString() : status.ToString().ToUpperInvariant(), again));
                    // straight from one waiting status into the other: one pause ends where the next starts
                    if (random.Next(5) == 0 && Step(1, 600) is { } other)
                        Move(status == ServiceRequestStatus.WaitingForParts ? ServiceRequestStatus.WaitingForCustomer : ServiceRequestStatus.WaitingForParts, other);
                    if (Step(30, 3000) is not { } resumed)
                        break;
                    Move(ServiceRequestStatus.InProgress, resumed);
                }
            }
        }
        if (!isOpen && Step(10, 3000) is { } resolved)
        {
            request.ResolvedAt = resolved;
            Move(random.Next(6) == 0 ? ServiceRequestStatus.Cancelled : ServiceRequestStatus.Resolved, resolved);
            if (status == ServiceRequestStatus.Resolved && random.Next(2) == 0 && Step(1, 60) is { } closed)
                Move(ServiceRequestStatus.Closed, closed);
        }
        request.Status = status;
        return new Generated(request, customer.Tier, team?.Item2, history);
    }

    private sealed record Expected((int Open, int Changed, int BreachedUnder, int BreachedNow) Open,
        (int Closed, int MetBefore, int BreachedBefore, int MetUnder, int BreachedUnder) Closed, List<string> Groups, List<string> Examples);

    /// <summary>Every request on its own, under the draft, with its whole history: the preview's definition, slowly.</summary>
    private static Expected BruteForce(SlaPolicyVersion draft, List<Generated> all, DateTimeOffset from, DateTimeOffset to, DateTimeOffset now)
    {
        var done = new[] { ServiceRequestStatus.Resolved, ServiceRequestStatus.ServiceCompleted, ServiceRequestStatus.Closed, ServiceRequestStatus.Cancelled };
        int open = 0, changed = 0, breachedUnder = 0, breachedNow = 0, closed = 0, metBefore = 0, breachedBefore = 0, metUnder = 0, breachedUnderClosed = 0;
        var groups = new SortedDictionary<(string, string), int[]>(Comparer<(string, string)>.Create((a, b) =>
            string.CompareOrdinal(a.Item1, b.Item1) is var c and not 0 ? c : string.CompareOrdinal(a.Item2, b.Item2)));
        var examples = new List<(DateTimeOffset? Due, string Number, string Target)>();
        foreach (var (r, tier, team, history) in all)
        {
            var isDone = done.Contains(r.Status);
            if (isDone && !(r.ResolvedAt >= from && r.ResolvedAt < to))
                continue;
            var evaluation = SlaRuleMatcher.Evaluate(draft, new SlaRequest(r.Type.ToString(), r.Priority.ToString(), r.OpenedAt)
            {
                CustomerTier = tier,
                Region = r.Region,
                WorkStartedAt = r.WorkStartedAt,
                Pauses = history.Count > 1 ? draft.PausesFrom(history) : [],
            });
            DateTimeOffset? Recorded(SlaTargetKind k) => k switch
            {
                SlaTargetKind.FirstResponse => r.FirstResponseDue,
                SlaTargetKind.OnSite => r.OnSiteDue,
                _ => r.ResolutionDue,
            };
            DateTimeOffset? Met(SlaTargetKind k) => k switch
            {
                SlaTargetKind.FirstResponse => r.FirstRespondedAt ?? r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt,
                SlaTargetKind.OnSite => r.ArrivedAt ?? r.WorkStartedAt ?? r.ResolvedAt,
                _ => r.ResolvedAt,
            };
            bool Breached(DateTimeOffset? due, SlaTargetKind k) => due is { } d && (Met(k) ?? DateTimeOffset.MaxValue) > d;
            if (!isDone)
            {
                open++;
                var moved = Kinds.Where(k => Recorded(k) != evaluation.DueFor(k)).ToList();
                breachedNow += Kinds.Any(k => Recorded(k) < now && Met(k) is null) ? 1 : 0;
                if (moved.Count == 0)
                    continue;
                changed++;
                breachedUnder += Kinds.Any(k => evaluation.DueFor(k) < now && Met(k) is null) ? 1 : 0;
                examples.Add((evaluation.DueFor(moved[0]), r.Number, moved[0].ToString()));
                continue;
            }
            closed++;
            var before = Kinds.Any(k => Breached(Recorded(k), k));
            var under = Kinds.Any(k => Breached(evaluation.DueFor(k), k));
            (metBefore, breachedBefore) = before ? (metBefore, breachedBefore + 1) : (metBefore + 1, breachedBefore);
            (metUnder, breachedUnderClosed) = under ? (metUnder, breachedUnderClosed + 1) : (metUnder + 1, breachedUnderClosed);
            foreach (var key in new[] { ("type", r.Type.ToString()), ("priority", r.Priority.ToString()), ("team", team ?? "(none)") })
            {
                if (!groups.TryGetValue(key, out var counts))
                    groups[key] = counts = new int[5];
                counts[0]++;
                counts[before ? 2 : 1]++;
                counts[under ? 4 : 3]++;
            }
        }
        return new Expected((open, changed, breachedUnder, breachedNow), (closed, metBefore, breachedBefore, metUnder, breachedUnderClosed),
            groups.Select(g => $"{g.Key.Item1}/{g.Key.Item2}: {string.Join(' ', g.Value)}").ToList(),
            examples.OrderBy(x => x.Due ?? DateTimeOffset.MaxValue).ThenBy(x => x.Number, StringComparer.Ordinal).Take(200)
                .Select(x => $"{x.Number} {x.Target}").ToList());
    }
}

[Collection(SqliteSlaCollection.Name)]
public sealed class SlaImpactAtScaleOnSqlite(SqliteSlaHost host) : SlaImpactAtScaleTests(host);

[Collection(PostgresSlaCollection.Name)]
public sealed class SlaImpactAtScaleOnPostgres(PostgresSlaHost host) : SlaImpactAtScaleTests(host);
