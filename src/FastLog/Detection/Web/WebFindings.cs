
namespace FastLog.Detection.Web;

/// <summary>Turns a merged <see cref="WebDetectionAggregator"/> into findings, in report order.</summary>
public static class WebFindings
{
    /// <summary>
    /// The findings: severity descending, then rule id, then events descending, then client
    /// ascending bytewise. Depends only on the merged counts, never on how the input was split.
    /// </summary>
    public static List<Finding> Extract(WebDetectionAggregator state)
    {
        if (state.ExtractedFindings is { } done) return done; // exit-code checks ask again after the report
        state.Complete();
        var options = state.Options;
        var findings = new List<Finding>();

        for (var id = 0; id < state.Events.Count; id++)
        {
            var key = state.Events.KeyOf(id);
            findings.Add(state.Events.FindingOf(id, WebRules.All[key[0]], key[1..].ToArray()));
        }

        var threshold = new Dictionary<(DetectionRule Rule, int Ip), (long Events, long Windows, long First, long Last)>();
        void Add(DetectionRule rule, int ip, long events, long start, long end)
        {
            var current = threshold.GetValueOrDefault((rule, ip), (0, 0, long.MaxValue, long.MinValue));
            threshold[(rule, ip)] = (current.Events + events, current.Windows + 1, Math.Min(current.First, start), Math.Max(current.Last, end));
        }

        foreach (var (key, counts, notFoundPaths) in state.SettledWindows)
        {
            var ip = BucketKey.Subject(key);
            var start = BucketKey.Bucket(key) * options.ErrorWindowSeconds;
            var end = start + options.ErrorWindowSeconds;
            if (counts.AuthFailures >= options.AuthFailures) Add(WebRules.AuthBruteForce, ip, counts.AuthFailures, start, end);
            if (counts.Errors >= options.Errors) Add(WebRules.ErrorSpike, ip, counts.Errors, start, end);
            if (notFoundPaths >= options.NotFoundPaths) Add(WebRules.DirectoryBruteForce, ip, notFoundPaths, start, end);
        }
        for (var m = 0; m < state.Minutes.Count; m++)
        {
            if (state.Minutes.Counts[m] <= options.RateRequests) continue;
            var key = state.Minutes.KeyOf(m);
            var start = ClientMinuteRuns.MinuteOf(key) * options.RateWindowSeconds;
            Add(WebRules.RequestRate, ClientMinuteRuns.ClientOf(key), state.Minutes.Counts[m], start, start + options.RateWindowSeconds);
        }
        foreach (var (rule, ip) in threshold.Keys.ToList())
        {
            var t = threshold[(rule, ip)];
            findings.Add(new Finding(rule, state.Ips.KeyOf(ip).ToArray(), t.Events, t.Windows, t.First, t.Last, null, null, []));
        }

        var pairKeys = state.ClientAgents.Keys;
        var pairs = state.ClientAgents.Values;
        for (var c = 0; c < pairKeys.Length; c++)
        {
            var (count, first, last) = pairs[c];
            if (count < options.BotRequests) continue;
            var span = Math.Max(1, last - first);
            if ((double)count / span <= options.BotRate) continue;
            var agentId = (int)(pairKeys[c] & ((1 << WebDetectionAggregator.IdBits) - 1)) - 1;
            findings.Add(new Finding(WebRules.BotActivity, state.Ips.KeyOf((int)(pairKeys[c] >> WebDetectionAggregator.IdBits)).ToArray(), count, 0,
                first, last, agentId < 0 ? null : state.Agents.KeyOf(agentId).ToArray(), null, []));
        }

        findings.Sort((a, b) =>
        {
            var c = b.Rule.Severity.CompareTo(a.Rule.Severity);
            if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
            if (c == 0) c = b.EventCount.CompareTo(a.EventCount);
            if (c == 0) c = a.SourceIp.AsSpan().SequenceCompareTo(b.SourceIp);
            if (c == 0) c = (a.UserAgent ?? []).AsSpan().SequenceCompareTo(b.UserAgent ?? []);
            return c;
        });
        return state.KeepFindings(findings);
    }
}
