namespace Orchestrator.Domain.Sla;

/// <summary>
/// Which requests a rule applies to. Each criterion is a list of accepted values (compared ignoring case);
/// an empty list accepts anything, a non-empty one refuses a request that has no value for it.
/// </summary>
public sealed record SlaMatch
{
    public static SlaMatch Any { get; } = new();

    public IReadOnlyList<string> RequestTypes { get; init; } = [];

    public IReadOnlyList<string> Priorities { get; init; } = [];

    public IReadOnlyList<string> CustomerTiers { get; init; } = [];

    public IReadOnlyList<string> ContractLevels { get; init; } = [];

    public IReadOnlyList<string> Regions { get; init; } = [];

    public IReadOnlyList<string> ProductLines { get; init; } = [];

    public bool IsAny => Criteria.All(c => c.Count == 0);

    private IReadOnlyList<string>[] Criteria => [RequestTypes, Priorities, CustomerTiers, ContractLevels, Regions, ProductLines];

    public bool Matches(SlaRequest request) =>
        Accepts(RequestTypes, request.RequestType)
        && Accepts(Priorities, request.Priority)
        && Accepts(CustomerTiers, request.CustomerTier)
        && Accepts(ContractLevels, request.ContractLevel)
        && Accepts(Regions, request.Region)
        && Accepts(ProductLines, request.ProductLine);

    public bool Equals(SlaMatch? other) =>
        other is not null
        && Criteria.Zip(other.Criteria).All(pair => pair.First.SequenceEqual(pair.Second, StringComparer.OrdinalIgnoreCase));

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var value in Criteria.SelectMany(c => c))
        {
            hash.Add(value, StringComparer.OrdinalIgnoreCase);
        }

        return hash.ToHashCode();
    }

    private static bool Accepts(IReadOnlyList<string> accepted, string? value)
    {
        if (accepted.Count == 0)
        {
            return true;
        }

        if (value is null)
        {
            return false;
        }

        foreach (var candidate in accepted)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

/// <summary>
/// A rule of a policy: the requests it matches and the targets they get, or "no SLA" (<see cref="Targets"/> null).
/// A rule may count business hours on its own calendar (e.g. a region's); otherwise the policy's applies.
/// </summary>
public sealed record SlaRule
{
    public SlaRule(string id, SlaMatch match, SlaTargets? targets, BusinessCalendar? calendar = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(match);
        Id = id;
        Match = match;
        Targets = targets;
        Calendar = calendar;
    }

    public string Id { get; }

    public SlaMatch Match { get; }

    /// <summary>The promises, or null for "no SLA".</summary>
    public SlaTargets? Targets { get; }

    /// <summary>The calendar for business-hours targets, or null for the policy's.</summary>
    public BusinessCalendar? Calendar { get; }

    public bool IsNoSla => Targets is null;

    public static SlaRule NoSla(string id, SlaMatch match) => new(id, match, null);
}
