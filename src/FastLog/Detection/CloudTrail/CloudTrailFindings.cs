namespace FastLog.Detection.CloudTrail;

/// <summary>Turns a merged <see cref="CloudTrailDetectionAggregator"/> into findings, in report order.</summary>
public static class CloudTrailFindings
{
    /// <summary>
    /// Per-event hits per (rule, source, user); C1b one finding per source over the 10-minute
    /// buckets above the threshold (events = the failures in them). Depends only on the merged state.
    /// </summary>
    public static List<Finding> Extract(CloudTrailDetectionAggregator state)
    {
        var findings = state.Events.Findings(CloudTrailRules.All);
        var seconds = state.Options.FailedLoginWindowSeconds;
        var bySource = new SortedDictionary<int, (long Events, long Windows, long First, long Last)>();
        for (var b = 0; b < state.FailedLogins.Count; b++)
        {
            if (state.FailedLogins.Counts[b] <= state.Options.FailedLogins) continue;
            var key = state.FailedLogins.KeyOf(b);
            var start = BucketKey.Bucket(key) * seconds;
            var w = bySource.GetValueOrDefault(BucketKey.Subject(key), (0, 0, long.MaxValue, long.MinValue));
            bySource[BucketKey.Subject(key)] = (w.Events + state.FailedLogins.Counts[b], w.Windows + 1, Math.Min(w.First, start), Math.Max(w.Last, start + seconds));
        }
        foreach (var (source, w) in bySource)
        {
            findings.Add(new Finding(CloudTrailRules.ConsoleLoginFailures, state.Ips.KeyOf(source).ToArray(), w.Events, w.Windows, w.First, w.Last,
                null, null, source < state.IpEvidence.Length ? state.IpEvidence[source] ?? [] : []));
        }
        findings.Sort(FindingOrder.Compare);
        return findings;
    }
}
