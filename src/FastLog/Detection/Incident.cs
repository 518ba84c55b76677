namespace FastLog.Detection;

/// <summary>Everything the findings say about one source address.</summary>
/// <param name="SourceIp">The client address.</param>
/// <param name="ThreatScore">See <see cref="Incidents.Score"/>.</param>
/// <param name="FirstUnixSeconds">Earliest finding.</param>
/// <param name="LastUnixSeconds">Latest finding.</param>
/// <param name="EventCount">Events over all its findings.</param>
/// <param name="RuleIds">Rules hit, in id order.</param>
/// <param name="MaxSeverity">Highest severity.</param>
public sealed record Incident(byte[] SourceIp, double ThreatScore, long FirstUnixSeconds, long LastUnixSeconds, long EventCount,
    IReadOnlyList<string> RuleIds, Severity MaxSeverity)
{
    /// <summary>Country and autonomous system of the source address (<c>--geoip</c>), or null.</summary>
    public Enrichment.GeoInfo? Geo { get; init; }
}

/// <summary>Groups findings into per-source incidents.</summary>
public static class Incidents
{
    /// <summary>
    /// Threat score of one source: for each rule it hit, the severity weight (low 1, medium 3,
    /// high 7, critical 10) times <c>1 + log10(events)</c>, summed and rounded to 2 decimals.
    /// Many rules and many events raise it; one noisy rule cannot outweigh several severe ones
    /// by volume alone (a thousand events add 3× the weight, not 1000×).
    /// </summary>
    public static double Score(IEnumerable<Finding> findings)
        => Math.Round(findings.Sum(f => Weight(f.Rule.Severity) * (1 + Math.Log10(Math.Max(1, f.EventCount)))), 2);

    /// <summary>Severity weight in the score.</summary>
    public static int Weight(Severity severity) => severity switch
    {
        Severity.Critical => 10,
        Severity.High => 7,
        Severity.Medium => 3,
        _ => 1,
    };

    /// <summary>One incident per source address (findings without one are left to <see cref="IncidentByUser"/>), by score descending, then address ascending bytewise.</summary>
    public static List<Incident> From(IReadOnlyList<Finding> findings)
    {
        // A sudo or useradd line has no source (its incident is its user's); a finding grouped by
        // another field (a user, a host) is not about a source address.
        return GroupBy(findings, f => f.SourceIp.Length == 0 || f.GroupField is not null ? null : f.SourceIp)
            .Select(list => new Incident(list[0].SourceIp, Score(list), list.Min(f => f.FirstUnixSeconds), list.Max(f => f.LastUnixSeconds),
                list.Sum(f => f.EventCount), list.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal).ToList(), list.Max(f => f.Rule.Severity)) { Geo = list[0].Geo })
            .OrderByDescending(i => i.ThreatScore)
            .ThenBy(i => i.SourceIp, Bytewise)
            .ToList();
    }

    /// <summary>Orders byte strings bytewise (ties of the threat score).</summary>
    internal static readonly Comparer<byte[]> Bytewise = Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b));

    /// <summary>The findings grouped by the bytes <paramref name="key"/> gives (null: in no group).</summary>
    internal static IEnumerable<List<Finding>> GroupBy(IReadOnlyList<Finding> findings, Func<Finding, byte[]?> key)
    {
        var groups = new Dictionary<string, List<Finding>>(StringComparer.Ordinal);
        foreach (var f in findings)
        {
            if (key(f) is not { } bytes) continue;
            var hex = Convert.ToHexString(bytes);
            if (!groups.TryGetValue(hex, out var list)) groups[hex] = list = [];
            list.Add(f);
        }
        return groups.Values;
    }
}
