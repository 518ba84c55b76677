using FastLog.Aggregation;
using FastLog.Engine;

namespace FastLog.Detection.Custom;

/// <summary>The findings of a run, whichever detection aggregate it built, in one report order.</summary>
public static class DetectionFindings
{
    /// <summary>Report order: severity descending, then rule id, then events descending, then source bytewise, then agent bytewise.</summary>
    public static int Order(Finding a, Finding b)
    {
        var c = b.Rule.Severity.CompareTo(a.Rule.Severity);
        if (c == 0) c = string.CompareOrdinal(a.Rule.Id, b.Rule.Id);
        if (c == 0) c = b.EventCount.CompareTo(a.EventCount);
        if (c == 0) c = a.SourceIp.AsSpan().SequenceCompareTo(b.SourceIp);
        if (c == 0) c = (a.UserAgent ?? []).AsSpan().SequenceCompareTo(b.UserAgent ?? []);
        return c;
    }

    /// <summary>
    /// The findings of <paramref name="aggregate"/> (built-in and custom rules merged in report
    /// order) and whether a table went past its budget; null when the run detected nothing.
    /// </summary>
    public static (List<Finding> Findings, bool Approximate)? From(IAggregator aggregate)
    {
        var (web, custom) = aggregate switch
        {
            WebDetectionAggregator w => (w, null),
            DetectionAggregator d => (d.Web, d.Custom),
            AnalysisAggregator a => (a.Detection, a.Custom),
            _ => ((WebDetectionAggregator?)null, (CustomDetectionAggregator?)null),
        };
        if (web is null) return null;
        var findings = WebFindings.Extract(web);
        if (custom is null) return (findings, web.IsApproximate);
        var all = new List<Finding>(findings);
        all.AddRange(CustomFindings.Extract(custom));
        all.Sort(Order);
        return (all, web.IsApproximate || custom.IsApproximate);
    }
}
