namespace FastLog.Detection;

/// <summary>Everything the findings say about one user (auth and CloudTrail rules name users).</summary>
/// <param name="User">The user name as logged.</param>
/// <param name="ThreatScore">See <see cref="Incidents.Score"/>.</param>
/// <param name="FirstUnixSeconds">Earliest finding.</param>
/// <param name="LastUnixSeconds">Latest finding.</param>
/// <param name="EventCount">Events over all its findings.</param>
/// <param name="Sources">Distinct source addresses of its findings.</param>
/// <param name="RuleIds">Rules hit, in id order.</param>
/// <param name="MaxSeverity">Highest severity.</param>
public sealed record IncidentByUser(byte[] User, double ThreatScore, long FirstUnixSeconds, long LastUnixSeconds, long EventCount,
    int Sources, IReadOnlyList<string> RuleIds, Severity MaxSeverity)
{
    /// <summary>One incident per user named by a finding, by score descending, then user ascending bytewise.</summary>
    public static List<IncidentByUser> From(IReadOnlyList<Finding> findings)
    {
        return Incidents.GroupBy(findings, f => f.User)
            .Select(list => new IncidentByUser(list[0].User!, Incidents.Score(list), list.Min(f => f.FirstUnixSeconds), list.Max(f => f.LastUnixSeconds),
                list.Sum(f => f.EventCount), list.Where(f => f.SourceIp.Length > 0).Select(f => Convert.ToHexString(f.SourceIp)).Distinct().Count(),
                list.Select(f => f.Rule.Id).Distinct().Order(StringComparer.Ordinal).ToList(), list.Max(f => f.Rule.Severity)))
            .OrderByDescending(i => i.ThreatScore)
            .ThenBy(i => i.User, Incidents.Bytewise)
            .ToList();
    }
}
