using System.Buffers.Binary;
using FastLog.Columns;

namespace FastLog.Detection.Custom;

/// <summary>Turns a merged <see cref="CustomDetectionAggregator"/> into findings.</summary>
public static class CustomFindings
{
    /// <summary>
    /// The findings, in <see cref="FindingOrder.Compare"/>: one per (rule, group value) for a
    /// per-event rule; one per (rule, group value) over the windows at or above the threshold for
    /// a thresholded rule. Depends only on the merged tables, never on how the input was split.
    /// </summary>
    public static List<Finding> Extract(CustomDetectionAggregator state)
    {
        if (state.ExtractedFindings is { } done) return done;
        var rules = state.Rules.Rules;
        var findings = new List<Finding>();
        for (var id = 0; id < state.Events.Count; id++)
        {
            var key = state.Events.KeyOf(id);
            var rule = rules[BinaryPrimitives.ReadUInt16BigEndian(key)];
            findings.Add(state.Events.FindingOf(id, rule.Rule, key[2..].ToArray()) with { GroupField = GroupField(rule) });
        }

        // (rule, group value) -> events (or values) in the windows over the threshold, windows, first second, end of last window.
        var crossed = new Dictionary<(int Rule, string Group), (long Events, long Windows, long First, long Last)>();
        void Window(int ruleIndex, long bucket, ReadOnlySpan<byte> group, long measured)
        {
            var rule = rules[ruleIndex];
            if (measured < rule.Threshold) return;
            var start = bucket * rule.WindowSeconds;
            var k = (ruleIndex, Convert.ToBase64String(group));
            var t = crossed.GetValueOrDefault(k, (0, 0, long.MaxValue, long.MinValue));
            crossed[k] = (t.Events + measured, t.Windows + 1, Math.Min(t.First, start), Math.Max(t.Last, start + rule.WindowSeconds));
        }

        for (var w = 0; w < state.WindowEvents.Count; w++)
        {
            var key = state.WindowEvents.KeyOf(w);
            Window(BinaryPrimitives.ReadUInt16BigEndian(key), BinaryPrimitives.ReadInt64BigEndian(key[2..]), key[10..], state.WindowEvents.Counts[w]);
        }

        // value_count: the set holds one key per distinct value; count them per (rule, window, group) prefix.
        var distinct = new Dictionary<string, long>(StringComparer.Ordinal);
        for (var v = 0; v < state.WindowValues.Count; v++)
        {
            var key = state.WindowValues.KeyOf(v);
            var groupLength = BinaryPrimitives.ReadInt32BigEndian(key[10..]);
            var prefix = Convert.ToBase64String(key[..(14 + groupLength)]);
            distinct[prefix] = distinct.GetValueOrDefault(prefix) + 1;
        }
        foreach (var (prefix, count) in distinct)
        {
            var key = Convert.FromBase64String(prefix);
            Window(BinaryPrimitives.ReadUInt16BigEndian(key), BinaryPrimitives.ReadInt64BigEndian(key.AsSpan(2)), key.AsSpan(14), count);
        }

        foreach (var ((ruleIndex, group), t) in crossed)
        {
            var rule = rules[ruleIndex];
            findings.Add(new Finding(rule.Rule, Convert.FromBase64String(group), t.Events, t.Windows, t.First, t.Last, null, null, [])
                { GroupField = GroupField(rule) });
        }
        findings.Sort(FindingOrder.Compare);
        return state.ExtractedFindings = findings;
    }

    /// <summary>Null when the rule groups by a client address (the finding's source), else the group field's name.</summary>
    private static string? GroupField(CustomRule rule)
        => FieldNames.Info(rule.GroupBy) is { Kind: FieldKind.Address } ? null : FieldNames.Info(rule.GroupBy).Name;
}
